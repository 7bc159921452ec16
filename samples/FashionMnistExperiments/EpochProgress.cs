using System.Globalization;
using NeuralDsl;

namespace FashionMnistExperiments;

/// <summary>
/// One status line while a variant trains: epoch, loss, validation accuracy, time spent and left. On a terminal the
/// line is redrawn in place after every epoch; in a log (output redirected) a line is written about every tenth of
/// the run, so a long variant still shows that it is alive.
/// </summary>
internal sealed class EpochProgress(int epochs) : Callback
{
    private readonly bool _live = !Console.IsOutputRedirected;
    private readonly int _every = Math.Max(1, epochs / 10);
    private double _seconds;
    private int _drawn;

    /// <summary>Reports the epoch.</summary>
    public override void OnEpochEnd(TrainingContext training, EpochLog log)
    {
        _seconds += log.Seconds;
        int done = log.Epoch + 1;
        double left = _seconds / done * (epochs - done);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"   epoch {done}/{epochs}  loss {log.Metrics["loss"]:0.0000}  val_accuracy {Metric(log, "val_accuracy")}  {_seconds:0}s, ~{left:0}s left");
        if (_live)
        {
            // Padded to the last line's length so a shorter line leaves nothing behind; cleared at the end.
            Console.Write("\r" + line.PadRight(_drawn));
            _drawn = line.Length;
        }
        else if (done % _every == 0 && done < epochs)
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Clears the status line, also when early stopping ended the run before its last epoch.</summary>
    public override void OnTrainEnd(TrainingContext training)
    {
        if (_live && _drawn > 0) Console.Write("\r" + new string(' ', _drawn) + "\r");
    }

    private static string Metric(EpochLog log, string name) =>
        log.Metrics.TryGetValue(name, out float value) ? Percent.Of(value) : "-";
}
