using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuralDsl;

/// <summary>
/// Saves the model's weights after epochs, as Keras's <c>ModelCheckpoint</c>: every epoch, or with
/// <see cref="SaveBestOnly"/> only when the monitored value improved. The path may hold placeholders as Keras's
/// <c>filepath</c>: <c>{epoch}</c> (1-based) and <c>{&lt;name&gt;}</c> for any epoch-log value, each with an optional
/// format, Python's (<c>{epoch:02d}</c>, <c>{val_loss:.2f}</c>, <c>{loss:.3e}</c>) or .NET's (<c>{val_loss:0.000}</c>);
/// <c>{{</c> and <c>}}</c> write a brace, as in Python. The whole path is checked before the first epoch: an unknown
/// name, a format that cannot format a number or does not show it, a placeholder that would put a character no file
/// name may hold (such as '/') into the name, a stray brace or a name longer than a file system allows is an
/// <see cref="ArgumentException"/> naming the path and the placeholder. Every save is atomic
/// (<see cref="SafeTensors.Write"/>): a crash while saving leaves the previous checkpoint whole.
/// </summary>
public sealed partial class ModelCheckpoint : Callback
{
    /// <summary>Writes files: in data-parallel training only rank 0 runs it.</summary>
    public override bool WritesFiles => true;

    private const string EpochPlaceholder = "epoch";

    /// <summary>The longest file name common file systems hold (ext4, XFS, NTFS, APFS): a placeholder, or a path
    /// component, longer than this can never be saved.</summary>
    private const int MaxFileNameChars = 255;

    /// <summary>Two values each placeholder is formatted with before training: a format must accept them, show them
    /// differently (or it does not show the value), and give only characters a file name may hold.</summary>
    private static readonly float[] SampleEpochs = [1, 2], SampleValues = [0.25f, 0.75f];

    private static readonly char[] InvalidNameChars = System.IO.Path.GetInvalidFileNameChars();

    private MetricMonitor? _monitor;

    /// <param name="path">Where to save, e.g. <c>checkpoints/best.safetensors</c> or <c>checkpoints/epoch{epoch:02d}-{val_loss:.3f}.safetensors</c>.</param>
    public ModelCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The path pattern.</summary>
    public string Path { get; }

    /// <summary>The epoch-log name compared with <see cref="SaveBestOnly"/> (<c>val_loss</c> by default, as Keras).</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Save only when <see cref="Monitor"/> improved on the best saved so far.</summary>
    public bool SaveBestOnly { get; init; }

    /// <summary>Whether lower or higher is better; <see cref="MonitorMode.Auto"/> decides from the name.</summary>
    public MonitorMode Mode { get; init; } = MonitorMode.Auto;

    /// <summary>The file written last, or null before the first save.</summary>
    public string? LastSaved { get; private set; }

    public override void OnTrainBegin(TrainingContext training)
    {
        CheckTemplate(training.LogNames);
        // Keras checks the monitor only when it is needed; so do we, but before the first epoch.
        _monitor = new MetricMonitor(Monitor, Mode);
        if (SaveBestOnly) _monitor.CheckAgainst(training.LogNames, nameof(ModelCheckpoint));
    }

    public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
    {
        var monitor = _monitor ?? throw CallbackList.NotStarted();
        float current = SaveBestOnly ? monitor.ValueIn(epoch, nameof(ModelCheckpoint)) : float.NaN;
        if (SaveBestOnly && !monitor.IsImprovement(current)) return;
        string path = FilePath(epoch);
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        training.Model.Save(path);
        // Only a completed save becomes the best: an interrupted one is tried again at the next improvement.
        if (SaveBestOnly) monitor.Update(current);
        LastSaved = path;
    }

    /// <summary>The path with the placeholders filled in from <paramref name="epoch"/>.</summary>
    /// <exception cref="ArgumentException">The path has a stray brace, a name the log lacks, or a format that cannot
    /// format the value (the message names the placeholder).</exception>
    public string FilePath(EpochLog epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return Expand(name => name == EpochPlaceholder ? epoch.Epoch + 1
            : epoch.Metrics.TryGetValue(name, out float value) ? value
            : throw new ArgumentException($"ModelCheckpoint's path \"{Path}\" names {{{name}}}, which the epoch log does not have.", nameof(epoch)));
    }

    /// <summary>The path with each placeholder formatted from <paramref name="valueOf"/> and each doubled brace halved.</summary>
    private string Expand(Func<string, float> valueOf)
    {
        CheckBraces();
        return Template().Replace(Path, token => token.Groups["name"].Success
            ? FormatPlaceholder(token, valueOf(token.Groups["name"].Value))
            : token.Value[..1]);
    }

    /// <summary>Everything a save could trip over, checked once before training with sample values, through the code
    /// the saves use.</summary>
    private void CheckTemplate(IReadOnlyList<string> logNames)
    {
        CheckBraces();
        foreach (Match token in Template().Matches(Path))
        {
            if (!token.Groups["name"].Success) continue;
            string name = token.Groups["name"].Value;
            if (name != EpochPlaceholder && !logNames.Contains(name))
                throw new ArgumentException(
                    $"ModelCheckpoint's path \"{Path}\" has the placeholder {{{name}}}, which the epoch log does not have; " +
                    $"it has {{{EpochPlaceholder}}}, {string.Join(", ", logNames.Select(n => $"{{{n}}}"))}.", nameof(Path));

            // .NET stops reading a format at NUL and writes nothing of the rest: the path would silently lose it.
            int invalid = token.Groups["format"].Value.IndexOfAny(System.IO.Path.GetInvalidPathChars());
            if (invalid >= 0)
                throw Bad(token, $"its format has the character {CharacterName.Of(token.Groups["format"].Value[invalid])}, which no file path may hold");
            float[] samples = name == EpochPlaceholder ? SampleEpochs : SampleValues;
            string[] texts = [.. samples.Select(sample => FormatPlaceholder(token, sample))];
            if (texts[0] == texts[1])
                throw Bad(token, $"its format \"{token.Groups["format"].Value}\" does not show the value: it writes \"{texts[0]}\" " +
                    $"for both {Invariant(samples[0])} and {Invariant(samples[1])}. Use a Python format ([0][width][.precision] then d, f or e, " +
                    "e.g. 03d, .4f) or a .NET numeric one (e.g. 0.000, F3)");
            foreach (string text in texts)
            {
                int bad = text.IndexOfAny(InvalidNameChars);
                if (bad >= 0)
                    throw Bad(token, $"it writes \"{text}\", and {CharacterName.Of(text[bad])} cannot be in a file name");
            }
        }
        CheckPath(Expand(name => (name == EpochPlaceholder ? SampleEpochs : SampleValues)[0]));
    }

    /// <summary>Throws unless every brace outside a placeholder is doubled (Python's str.format raises there too).</summary>
    private void CheckBraces()
    {
        int from = 0;
        foreach (Match token in Template().Matches(Path))
        {
            CheckNoBrace(from, token.Index);
            from = token.Index + token.Length;
        }
        CheckNoBrace(from, Path.Length);

        void CheckNoBrace(int start, int end)
        {
            int stray = Path.AsSpan(start, end - start).IndexOfAny('{', '}');
            if (stray < 0) return;
            char brace = Path[start + stray];
            throw new ArgumentException(
                $"ModelCheckpoint's path \"{Path}\" has a '{brace}' that {(brace == '{' ? "opens" : "closes")} no placeholder, at \"{Path[(start + stray)..]}\": " +
                "a placeholder is {name} or {name:format} with an epoch-log name (letters, digits and '_'), and {{ or }} writes a brace.",
                nameof(Path));
        }
    }

    /// <summary>Throws unless <paramref name="sample"/>, the path filled with sample values, can name a file.</summary>
    private void CheckPath(string sample)
    {
        string problem = "";
        int invalid = sample.IndexOfAny(System.IO.Path.GetInvalidPathChars());
        string? longest = sample.Split(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar).MaxBy(part => part.Length);
        if (invalid >= 0)
            problem = $"it has the character {CharacterName.Of(sample[invalid])}, which no file path may hold";
        else if (System.IO.Path.GetFileName(sample).Length == 0)
            problem = $"it ends in '{sample[^1]}', so it names a directory, not a file";
        else if (longest is not null && longest.Length > MaxFileNameChars)
            problem = $"with sample values its part \"{Shortened(longest)}\" is {longest.Length} characters long, more than a file name can hold ({MaxFileNameChars})";
        else
        {
            try
            {
                if (Directory.Exists(System.IO.Path.GetFullPath(sample))) problem = $"\"{sample}\" is a directory, not a file";
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                problem = $"it is not a valid file path ({e.Message})";
            }
        }
        if (problem.Length > 0) throw new ArgumentException($"ModelCheckpoint's path \"{Path}\" cannot name a file: {problem}.", nameof(Path));
    }

    /// <summary>The text of one placeholder for <paramref name="value"/>; a format that cannot give it is an
    /// <see cref="ArgumentException"/> naming the placeholder.</summary>
    private string FormatPlaceholder(Match placeholder, float value) =>
        Format(value, placeholder.Groups["format"].Value, out string? problem) ?? throw Bad(placeholder, problem!);

    private ArgumentException Bad(Match placeholder, string problem) =>
        new($"ModelCheckpoint's path \"{Path}\" cannot be formatted: the placeholder {placeholder.Value} is wrong: {problem}.", nameof(Path));

    /// <summary>A Python format spec (<c>02d</c>, <c>.2f</c>, <c>.3e</c>) or a .NET one; none gives the shortest
    /// round-trip form. Null, with <paramref name="problem"/> saying why, for a format that cannot be used.</summary>
    private static string? Format(float value, string format, out string? problem)
    {
        problem = null;
        if (format.Length == 0) return value.ToString(CultureInfo.InvariantCulture);
        var python = PythonSpec().Match(format);
        var standard = DotNetStandardSpec().Match(format);
        if (!python.Success && !standard.Success && PythonShaped().IsMatch(format))
        {
            // .NET would read ".3g" or ">8.3f" as a custom format and write "13g" or ">813f": a wrong name, not an error.
            problem = $"\"{format}\" is a Python format ModelCheckpoint does not know: it writes Python's [0][width][.precision] " +
                "with d, f or e (no alignment, sign, grouping or other types) and .NET numeric formats (0.000, F3)";
            return null;
        }
        if (!python.Success)
        {
            // A standard .NET format's precision (F999999999) would build a string of that many digits first.
            if (standard.Success && TooLong(standard.Groups["precision"].Value, "precision", out problem)) return null;
            try
            {
                return value.ToString(format, CultureInfo.InvariantCulture);
            }
            catch (FormatException e)
            {
                problem = $"\"{format}\" is neither a Python format ([0][width][.precision] then d, f or e) nor a .NET numeric format ({e.Message})";
                return null;
            }
        }
        string width = python.Groups["width"].Value, precision = python.Groups["precision"].Value;
        if (TooLong(width, "width", out problem) || TooLong(precision, "precision", out problem)) return null;
        string text = python.Groups["type"].Value switch
        {
            // Rounded as Python's round() (to even), written in full whatever its size (a cast to long would saturate),
            // NaN as NaN; + 0.0 turns -0 into 0.
            "d" => (Math.Round((double)value) + 0.0).ToString("F0", CultureInfo.InvariantCulture),
            "f" => value.ToString("F" + (precision.Length > 0 ? precision : "6"), CultureInfo.InvariantCulture),
            _ => value.ToString((precision.Length > 0 ? "0." + new string('0', int.Parse(precision, CultureInfo.InvariantCulture)) : "0.000000") + "e+00", CultureInfo.InvariantCulture),
        };
        if (width.Length == 0) return text;
        int size = int.Parse(width, CultureInfo.InvariantCulture);
        bool zeros = python.Groups["zero"].Success;
        if (!zeros || text.Length >= size) return text.PadLeft(size);
        bool negative = text.StartsWith('-');
        var padded = new StringBuilder();
        if (negative) padded.Append('-');
        padded.Append('0', size - text.Length).Append(negative ? text[1..] : text);
        return padded.ToString();
    }

    /// <summary>Whether a width or precision (digits, possibly more than an int holds) exceeds a file name.</summary>
    private static bool TooLong(string digits, string what, out string? problem)
    {
        string significant = digits.TrimStart('0');
        bool tooLong = significant.Length > 3 || (significant.Length > 0 && int.Parse(significant, CultureInfo.InvariantCulture) > MaxFileNameChars);
        problem = tooLong ? $"its {what} {digits} is more than a file name can hold ({MaxFileNameChars} characters)" : null;
        return tooLong;
    }

    /// <summary>A long name as a message shows it: its start and end.</summary>
    private static string Shortened(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 30), "…", text.AsSpan(text.Length - 29));

    private static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A doubled brace, or a placeholder: <c>{name}</c> or <c>{name:format}</c>.</summary>
    [GeneratedRegex(@"\{\{|\}\}|\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<format>[^{}]*))?\}")]
    private static partial Regex Template();

    [GeneratedRegex(@"^(?<zero>0)?(?<width>[1-9][0-9]*)?(?:\.(?<precision>[0-9]+))?(?<type>[dfe])$")]
    private static partial Regex PythonSpec();

    /// <summary>A .NET standard numeric format: one letter and an optional precision (F3, E2, N0, G).</summary>
    [GeneratedRegex(@"^[A-Za-z](?<precision>[0-9]*)$")]
    private static partial Regex DotNetStandardSpec();

    /// <summary>Any Python format spec with a type ([[fill]align][sign][#][0][width][grouping][.precision]type).</summary>
    [GeneratedRegex(@"^(?:.?[<>=^])?[+\- ]?#?0?[0-9]*[,_]?(?:\.[0-9]+)?[bcdeEfFgGnosxX%]$")]
    private static partial Regex PythonShaped();
}
