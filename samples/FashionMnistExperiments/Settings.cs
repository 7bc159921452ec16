using System.Globalization;

namespace FashionMnistExperiments;

/// <summary>Command-line options of the experiment table.</summary>
internal sealed record Settings(int MaxEpochs, int Seed, string? DataDirectory, int? TrainRows, string[]? Only, bool Verbose)
{
    private const string Usage = """
        Usage: FashionMnistExperiments [--max-epochs N] [--seed N] [--data DIR] [--train-rows N] [--only NAME,...] [--verbose]
          --max-epochs N   cap every variant's epochs at N (the tutorial runs 200, 20, 250, 20, 20)
          --seed N         seed of weights, dropout and shuffling (default 1671, as the tutorial)
          --data DIR       folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)
          --train-rows N   use only the first N training rows
          --only NAMES     run only these variants (simple, "two hidden", dropout, RMSprop, Adam)
          --verbose        print Keras's line per epoch
        """;

    public static Settings? Parse(string[] args)
    {
        int maxEpochs = int.MaxValue, seed = 1671;
        int? trainRows = null;
        string? data = null;
        string[]? only = null;
        bool verbose = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "--max-epochs": maxEpochs = Positive(Value()); break;
                    case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--data": data = Value(); break;
                    case "--train-rows": trainRows = Positive(Value()); break;
                    case "--only": only = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries); break;
                    case "--verbose": verbose = true; break;
                    case "--help" or "-h": Console.WriteLine(Usage); return null;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return null;
            }
        }
        return new Settings(maxEpochs, seed, data, trainRows, only, verbose);
    }

    private static int Positive(string text)
    {
        int value = int.Parse(text, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new ArgumentException($"{text} is not a positive number.");
    }
}
