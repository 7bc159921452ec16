using System.Text;

namespace NeuralDsl;

/// <summary>
/// Writes one CSV row per epoch, as Keras's <c>CSVLogger</c>: <c>epoch,loss,accuracy,...,learning_rate,seconds</c>
/// (the layout of <c>History.SaveCsv</c>). The file is rewritten atomically after each epoch, so it is always whole
/// and readable while training runs; with <see cref="Append"/> the rows of earlier runs are kept.
/// </summary>
public sealed class CsvLogger : Callback
{
    /// <summary>Writes files: in data-parallel training only rank 0 runs it.</summary>
    public override bool WritesFiles => true;

    private readonly StringBuilder _text = new();
    private string[] _names = [];
    private readonly char _separator = ',';

    public CsvLogger(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Keep the rows already in the file (their columns must be this run's); otherwise each run starts the file anew.</summary>
    public bool Append { get; init; }

    /// <summary>The column separator, ',' by default; one that occurs in the numbers written ('-', '.', 'E', a digit or a
    /// letter), a quote or a line break is an <see cref="ArgumentException"/> (the rule of <see cref="Csv.Parse"/>, so the
    /// file always reads back).</summary>
    public char Separator
    {
        get => _separator;
        init
        {
            Csv.CheckSeparator(value, nameof(Separator));
            _separator = value;
        }
    }

    public override void OnTrainBegin(TrainingContext training)
    {
        _names = [.. training.LogNames];
        string header = EpochCsv.Header(_names, Separator);
        _text.Clear();
        if (Append && File.Exists(Path) && new FileInfo(Path).Length > 0)
        {
            string existing = File.ReadAllText(Path);
            string existingHeader = existing.Split('\n', 2)[0].TrimEnd('\r');
            if (existingHeader != header)
                throw new InvalidDataException(
                    $"CsvLogger cannot append to {Path}: its columns are \"{existingHeader}\" but this run logs \"{header}\". " +
                    "Log to another file, or set Append = false to start it anew.");
            _text.Append(existing);
            if (!existing.EndsWith('\n')) _text.Append('\n');
        }
        else _text.Append(header).Append('\n');
    }

    public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
    {
        EpochCsv.AppendRow(_text, epoch.Epoch, _names.Select(name => epoch.Metrics.TryGetValue(name, out float value) ? value : (float?)null), epoch.Seconds, Separator);
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.WriteText(Path, _text.ToString());
    }
}
