using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>Keras-style progress: "Epoch 3/20" then "375/375 [=====] - 2s 5ms/step - loss: ... - val_accuracy: ...".</summary>
internal sealed class ProgressPrinter
{
    private const int BarWidth = 30;
    private readonly Verbosity _verbosity;
    private readonly TextWriter _log;
    private readonly int _epochs, _steps;
    private readonly bool _live;
    private TimeSpan _lastDraw;

    public ProgressPrinter(Verbosity verbosity, TextWriter log, int epochs, int steps)
    {
        _verbosity = verbosity;
        _log = log;
        _epochs = epochs;
        _steps = steps;
        // Redrawing a bar with '\r' only makes sense on a terminal, not in a log file or CI output.
        _live = verbosity == Verbosity.ProgressBar && ReferenceEquals(log, Console.Out) && !Console.IsOutputRedirected;
    }

    public void BeginEpoch(int epoch)
    {
        if (_verbosity == Verbosity.Silent) return;
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch + 1}/{_epochs}"));
        _lastDraw = TimeSpan.Zero;
    }

    public void Step(int step, MetricsAccumulator metrics, TimeSpan elapsed)
    {
        if (!_live || step == _steps || elapsed - _lastDraw < TimeSpan.FromMilliseconds(100)) return;
        _lastDraw = elapsed;
        _log.Write('\r' + Bar(step) + string.Create(CultureInfo.InvariantCulture, $" - loss: {metrics.Loss:0.0000} - accuracy: {metrics.Accuracy:0.0000}"));
    }

    public void EndEpoch(EpochLog log)
    {
        if (_verbosity == Verbosity.Silent) return;
        var line = new StringBuilder();
        if (_live) line.Append('\r');
        line.Append(_verbosity == Verbosity.ProgressBar ? Bar(_steps) : string.Create(CultureInfo.InvariantCulture, $"{_steps}/{_steps}"));
        double perStep = log.Seconds * 1000 / Math.Max(1, _steps);
        line.Append(CultureInfo.InvariantCulture, $" - {log.Seconds:0.0}s {perStep:0}ms/step");
        foreach (var (name, value) in log.Metrics)
            line.Append(CultureInfo.InvariantCulture, $" - {name}: {value:0.0000}");
        _log.WriteLine(line.ToString());
    }

    private string Bar(int step)
    {
        int filled = (int)((long)BarWidth * step / _steps);
        string bar = step == _steps ? new string('=', BarWidth) : new string('=', Math.Max(0, filled - 1)) + ">" + new string('.', BarWidth - Math.Max(1, filled));
        string counter = step.ToString(CultureInfo.InvariantCulture).PadLeft(_steps.ToString(CultureInfo.InvariantCulture).Length);
        return $"{counter}/{_steps} [{bar}]";
    }
}
