using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuralDsl;

/// <summary>
/// Saves the model's weights after epochs, as Keras's <c>ModelCheckpoint</c>: every epoch, or with
/// <see cref="SaveBestOnly"/> only when the monitored value improved. The path may hold placeholders as Keras's
/// <c>filepath</c>: <c>{epoch}</c> (1-based) and <c>{&lt;name&gt;}</c> for any epoch-log value, each with an optional
/// format, Python's (<c>{epoch:02d}</c>, <c>{val_loss:.2f}</c>) or .NET's (<c>{val_loss:0.000}</c>). Every save is atomic
/// (<see cref="SafeTensors.Write"/>): a crash while saving leaves the previous checkpoint whole.
/// </summary>
public sealed partial class ModelCheckpoint : Callback
{
    /// <summary>Writes files: in data-parallel training only rank 0 runs it.</summary>
    public override bool WritesFiles => true;

    private const string EpochPlaceholder = "epoch";
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
        foreach (Match placeholder in Placeholder().Matches(Path))
        {
            string name = placeholder.Groups["name"].Value;
            if (name != EpochPlaceholder && !training.LogNames.Contains(name))
                throw new ArgumentException(
                    $"ModelCheckpoint's path \"{Path}\" has the placeholder {{{name}}}, which the epoch log does not have; " +
                    $"it has {{{EpochPlaceholder}}}, {string.Join(", ", training.LogNames.Select(n => $"{{{n}}}"))}.", nameof(Path));
        }
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
    public string FilePath(EpochLog epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return Placeholder().Replace(Path, match =>
        {
            string name = match.Groups["name"].Value, format = match.Groups["format"].Value;
            if (name == EpochPlaceholder) return Format(epoch.Epoch + 1, format);
            return epoch.Metrics.TryGetValue(name, out float value)
                ? Format(value, format)
                : throw new ArgumentException($"ModelCheckpoint's path \"{Path}\" names {{{name}}}, which the epoch log does not have.", nameof(epoch));
        });
    }

    /// <summary>A Python format spec (<c>02d</c>, <c>.2f</c>, <c>.3e</c>) or a .NET one; none gives the shortest round-trip form.</summary>
    private static string Format(float value, string format)
    {
        var python = PythonSpec().Match(format);
        if (format.Length == 0) return value.ToString(CultureInfo.InvariantCulture);
        if (!python.Success) return value.ToString(format, CultureInfo.InvariantCulture);
        string width = python.Groups["width"].Value, precision = python.Groups["precision"].Value;
        string text = python.Groups["type"].Value switch
        {
            "d" => ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture),
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

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<format>[^{}]*))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?<zero>0)?(?<width>[1-9][0-9]*)?(?:\.(?<precision>[0-9]+))?(?<type>[dfe])$")]
    private static partial Regex PythonSpec();
}
