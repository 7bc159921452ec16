using System.Globalization;

namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>
/// The training every data-parallel test runs, the same in the mpirun children (<see cref="DataParallelChild"/>) and in the
/// single-process reference: 174 rows (130 training, 44 validation), global batch 32, so each epoch's last batch has
/// 2 rows and with 4 ranks two of them get no row of it; Adam, an L2-regularized layer, and callbacks of both kinds.
/// </summary>
internal static class ParallelRun
{
    public const int Rows = 174, BatchSize = 32, Epochs = 4, Seed = 7;

    /// <summary>Seeded, learnable data: the label is the arg-max of a fixed linear map of the inputs.</summary>
    public static (float[] X, int[] Labels) Data(int rows = Rows)
    {
        var random = new Random(1402);
        int inputs = ParallelClassifier.InputSize, classes = ParallelClassifier.OutputSize;
        var map = new float[inputs * classes];
        for (int i = 0; i < map.Length; i++) map[i] = (float)(random.NextDouble() * 2 - 1);
        var x = new float[rows * inputs];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < inputs; i++) x[r * inputs + i] = (float)random.NextDouble();
            float best = float.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                float score = 0;
                for (int i = 0; i < inputs; i++) score += x[r * inputs + i] * map[i * classes + c];
                if (score > best) (best, labels[r]) = (score, c);
            }
        }
        return (x, labels);
    }

    /// <summary>The options of every run; the file-writing callbacks name <paramref name="rank"/> in their paths, so a test
    /// can see which ranks wrote.</summary>
    public static FitOptions Options(string directory, int rank, IDataParallelGroup? group, params Callback[] more) => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        ValidationSplit = 0.25f,
        Optimizer = new Adam(0.01f),
        Verbose = Verbosity.Silent,
        DataParallel = group,
        Callbacks =
        [
            new ReduceLearningRateOnPlateau { Monitor = "val_loss", Patience = 1, Factor = 0.5f },
            new EarlyStopping { Monitor = "val_loss", Patience = 10 },
            new ModelCheckpoint(Path.Combine(directory, $"checkpoint-rank{rank}.safetensors")),
            new CsvLogger(Path.Combine(directory, $"log-rank{rank}.csv")),
            .. more,
        ],
    };

    /// <summary>Every value of the history, bit for bit, one line per epoch: the lines are equal exactly when the histories are.</summary>
    public static string Format(History history)
    {
        var lines = new List<string>();
        for (int epoch = 0; epoch < history.Epochs; epoch++)
            lines.Add(string.Join(' ', history.Metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => $"{pair.Key}={pair.Value[epoch].ToString("R", CultureInfo.InvariantCulture)}")));
        return string.Join('\n', lines);
    }
}
