namespace Sweeps;

/// <summary>Command-line options of the sweeps.</summary>
internal sealed class Settings
{
    /// <summary>The sweeps, in the order they run.</summary>
    public static readonly string[] SweepNames = ["lr", "units", "batch"];

    public int Epochs { get; private set; } = 5;
    public int? TrainRows { get; private set; }
    public string[] Sweeps { get; private set; } = SweepNames;
    public int Seed { get; private set; } = 1671;
    public string? DataDirectory { get; private set; }
    public string? ChartDirectory { get; private set; }

    /// <summary>The settings, or the exit code to return (after <c>--help</c> or a bad option).</summary>
    public static (Settings? Settings, int ExitCode) Parse(string[] args)
    {
        var settings = new Settings();
        int? exit = new CommandLine(
                "Sweeps [options]",
                "The hyper-parameter sweeps of the Keras tutorial's MNIST chapter, on Fashion-MNIST with the dropout network: "
                + "Adam's learning rate, the hidden units N, the batch size. Each sweep prints a table ranked by validation accuracy.")
            .Value("--sweep", "NAME", "lr, units, batch or all (default all)", v => settings.Sweeps = Sweep(v))
            .Value("--epochs", "N", "epochs per trial (default 5; the tutorial trains 20)", v => settings.Epochs = CommandLine.PositiveInt(v))
            .Value("--rows", "N", "use only the first N training rows, 20 % of them for validation (default all 60000)",
                v => settings.TrainRows = CommandLine.PositiveInt(v))
            .Value("--seed", "N", "seed of weights, dropout and shuffling, the same for every trial (default 1671, as the tutorial)", v => settings.Seed = CommandLine.Int(v))
            .Value("--data", "DIR", "folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)", v => settings.DataDirectory = CommandLine.Path(v))
            .Value("--charts", "DIR", "write DIR/<sweep>-scores.svg (validation accuracy per trial) and DIR/<sweep>-curves.svg (every trial's curves)",
                v => settings.ChartDirectory = CommandLine.Path(v))
            .Parse(args);
        return exit is int code ? (null, code) : (settings, 0);
    }

    private static string[] Sweep(string name) =>
        name == "all" ? SweepNames
        : SweepNames.Contains(name) ? [name]
        : throw new ArgumentException("is not lr, units, batch or all");
}
