namespace NeuralDsl;

/// <summary>
/// A panel's horizontal axis: the data range it shows, its ticks (a tick without a label is drawn bare), and how much
/// height the labels take, either numeric (epochs) or one labelled tick per category (trials). Category labels that
/// do not fit side by side are turned 45°, and when even that crowds, only every k-th one is written.
/// </summary>
internal sealed record XAxis(double Low, double High, IReadOnlyList<XAxis.Tick> Ticks, bool Rotated, double LabelsHeight, double Shift)
{
    public readonly record struct Tick(double Value, string? Label);

    private const double FontSize = 12, Gap = 7;
    private const double Sin45 = 0.7071;

    /// <summary>Lines need about this much room between tick labels to read as separate numbers.</summary>
    private const double MinLabelGap = 28;

    /// <summary>Rotated labels take at most this share of the panel's height; longer ones are shortened.</summary>
    private const double MaxRotatedShare = 0.35;

    /// <summary>The plot gives up at most this share of its width to make room for the first turned labels.</summary>
    private const double MaxShiftShare = 0.3;

    /// <summary>Extra room the shift aims for, so that the few passes that compute it need not converge exactly.</summary>
    private const double ShiftSlack = 4;

    /// <summary>A numeric axis over every point's x, a NaN y included: epochs after a divergence still count.</summary>
    public static XAxis Numeric(ChartPanel panel, double plotWidth)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double x in panel.Series.SelectMany(series => series.X))
        {
            if (!double.IsFinite(x)) continue;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        if (!(min <= max)) (min, max) = (1, 1);

        double widest = Math.Max(SvgText.Width(NiceTicks.Format(min, 1), FontSize), SvgText.Width(NiceTicks.Format(max, 1), FontSize));
        int maxCount = Math.Max(2, (int)(plotWidth / (widest + MinLabelGap)));
        // A smaller margin than the y axis's: the first and last epochs only need to stay off the frame.
        var (low, high, step) = NiceTicks.Domain(min, max, maxCount, margin: 0.03, integer: panel.IntegerX);
        double largest = Math.Max(Math.Abs(low), Math.Abs(high));
        // Whole-number data (epochs) gets no tick in the margins: there is no epoch 0.
        var values = panel.IntegerX ? NiceTicks.Values(min, max, step) : NiceTicks.Values(low, high, step);
        var ticks = values.Select(value => new Tick(value, NiceTicks.Format(value, step, largest))).ToList();
        return new XAxis(low, high, ticks, Rotated: false, LabelsHeight: FontSize + Gap, Shift: 0);
    }

    /// <summary>One tick per category. <paramref name="leftRoom"/> is the room left of the plot (over the y axis's
    /// labels) that a turned label may hang into; when the first labels need more, <see cref="Shift"/> says how far the
    /// plot must move right, and what still does not fit is shortened.</summary>
    public static XAxis Categorical(IReadOnlyList<string> categories, double plotWidth, double panelHeight, double leftRoom)
    {
        int count = Math.Max(1, categories.Count);
        double slot = plotWidth / count;
        double widest = categories.Count == 0 ? 0 : categories.Max(label => SvgText.Width(label, FontSize));

        if (widest + 8 <= slot)
        {
            var flat = categories.Select((label, i) => new Tick(i + 1, label)).ToList();
            return new XAxis(0.5, count + 0.5, flat, Rotated: false, LabelsHeight: FontSize + Gap, Shift: 0);
        }

        // Turned 45°, neighbouring labels are slot·sin45 apart; below about a line's height they overlap.
        int every = (int)Math.Ceiling(FontSize * 1.3 / (slot * Sin45));
        int maxChars = Math.Max(4, (int)(panelHeight * MaxRotatedShare / Sin45 / (FontSize * 0.6)));
        var labels = categories.Select((label, i) => i % every == 0 ? SvgText.Truncate(label, maxChars) : null).ToList();

        // A turned label reaches left of its tick by about its length·cos45; the first ones may need the plot moved.
        double shift = 0;
        for (int pass = 0; pass < 4; pass++)
        {
            double needed = 0;
            for (int i = 0; i < labels.Count; i++)
            {
                if (labels[i] is { } label)
                    needed = Math.Max(needed, Reach(label) + ShiftSlack - (i + 0.5) * (plotWidth - shift) / count - leftRoom - shift);
            }
            shift = Math.Min(shift + needed, plotWidth * MaxShiftShare);
        }
        slot = (plotWidth - shift) / count;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not { } label) continue;
            double room = (i + 0.5) * slot + leftRoom + shift;
            while (label.Length > 4 && Reach(label) > room) label = SvgText.Truncate(label, label.Length - 1);
            labels[i] = label;
        }

        var ticks = labels.Select((label, i) => new Tick(i + 1, label)).ToList();
        double longest = labels.Max(label => label is null ? 0 : SvgText.Width(label, FontSize));
        return new XAxis(0.5, count + 0.5, ticks, Rotated: true, LabelsHeight: (longest + FontSize) * Sin45 + Gap, shift);
    }

    private static double Reach(string label) => (SvgText.Width(label, FontSize) + FontSize) * Sin45;
}
