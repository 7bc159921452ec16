namespace FashionMnistExperiments;

/// <summary>Command-line options of the experiment table.</summary>
internal sealed class Settings
{
    public int MaxEpochs { get; private set; } = int.MaxValue;
    public int Seed { get; private set; } = 1671;
    public string? DataDirectory { get; private set; }
    public int? TrainRows { get; private set; }
    public string[]? Only { get; private set; }
    public bool Verbose { get; private set; }
    public string? SaveDirectory { get; private set; }
    public string? LogDirectory { get; private set; }
    public string? ChartPath { get; private set; }
    public int? EarlyStoppingPatience { get; private set; }

    /// <summary>The settings, or the exit code to return (after <c>--help</c> or a bad option).</summary>
    public static (Settings? Settings, int ExitCode) Parse(string[] args)
    {
        var settings = new Settings();
        int? exit = new CommandLine(
                "FashionMnistExperiments [options]",
                "The experiment table of the Keras tutorial's MNIST chapter on Fashion-MNIST: five networks, their train, validation and test accuracy.")
            .Value("--max-epochs", "N", "cap every variant's epochs at N (the tutorial runs 200, 20, 250, 20, 20)", v => settings.MaxEpochs = CommandLine.PositiveInt(v))
            .Value("--seed", "N", "seed of weights, dropout and shuffling (default 1671, as the tutorial)", v => settings.Seed = CommandLine.Int(v))
            .Value("--data", "DIR", "folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)", v => settings.DataDirectory = CommandLine.Path(v))
            .Value("--train-rows", "N", "use only the first N training rows", v => settings.TrainRows = CommandLine.PositiveInt(v))
            .Value("--only", "NAMES", "run only these variants, comma-separated (simple, \"two hidden\", dropout, RMSprop, Adam)", v => settings.Only = Variants(v))
            .Value("--save", "DIR", "save each variant's trained weights as DIR/<variant>.safetensors (samples/Classify reads them)", v => settings.SaveDirectory = CommandLine.Path(v))
            .Value("--logdir", "DIR", "write TensorBoard logs of each variant under DIR/<variant> (tensorboard --logdir DIR)", v => settings.LogDirectory = CommandLine.Path(v))
            .Value("--chart", "FILE", "draw the loss and accuracy curves of every variant as an SVG chart", v => settings.ChartPath = CommandLine.Path(v))
            .Value("--early-stopping", "N", "stop a variant once val_loss has not improved for N epochs and keep its best weights (the tutorial's 200 and 250 epochs plateau long before)", v => settings.EarlyStoppingPatience = CommandLine.PositiveInt(v))
            .Flag("--verbose", "print Keras's line per epoch instead of the progress line", () => settings.Verbose = true)
            .Parse(args);
        return exit is int code ? (null, code) : (settings, 0);
    }

    /// <summary>A variant's name in file names (weights, log folders): "two hidden" → two-hidden.</summary>
    public static string FileStem(string variant) => variant.ToLowerInvariant().Replace(' ', '-');

    private static string[] Variants(string list)
    {
        string[] names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 ? names : throw new ArgumentException("names no variant");
    }
}
