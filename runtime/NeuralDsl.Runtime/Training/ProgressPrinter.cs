using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>
/// Keras-style progress: "Epoch 3/20", then on a terminal a bar redrawn in place with the ETA and the running metrics
/// ("120/375 [=======>......] - ETA: 3s - loss: 0.5012 - accuracy: 0.8230"), then the epoch's line
/// ("375/375 [==============================] - 2.1s 5ms/step - loss: ... - val_accuracy: ...").
/// </summary>
internal sealed class ProgressPrinter
{
    private const int BarWidth = 30;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly Verbosity _verbosity;
    private readonly TextWriter _log;
    private readonly int _epochs, _steps;
    private readonly bool _live;
    private readonly StringBuilder _line = new();
    private TimeSpan _lastDraw;
    private int _lastWidth;

    public ProgressPrinter(Verbosity verbosity, TextWriter log, int epochs, int steps, bool live)
    {
        _verbosity = verbosity;
        _log = log;
        _epochs = epochs;
        _steps = steps;
        _live = live && verbosity == Verbosity.ProgressBar;
    }

    /// <summary>Where the run's callbacks write what they report (<see cref="TrainingContext.Log"/>): the log, or null when
    /// this run prints nothing (<see cref="Verbosity.Silent"/>, or a rank of data-parallel training other than 0, which
    /// prints nothing either).</summary>
    public TextWriter? Messages => _verbosity == Verbosity.Silent ? null : _log;

    /// <summary>Redrawing a bar with '\r' only makes sense on a terminal, not in a log file or CI output.</summary>
    public static bool IsTerminal(TextWriter log) => ReferenceEquals(log, Console.Out) && !Console.IsOutputRedirected;

    public void BeginEpoch(int epoch)
    {
        if (_verbosity == Verbosity.Silent) return;
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch + 1}/{_epochs}"));
        _lastDraw = TimeSpan.Zero;
        _lastWidth = 0;
    }

    /// <summary>After step <paramref name="step"/> (1-based) of the epoch, <paramref name="elapsed"/> into it. The batch's
    /// metrics are read only for a redraw (at most every 100 ms), since on a device backend reading them waits for it.</summary>
    public void Step(int step, BatchLog batch, TimeSpan elapsed)
    {
        if (!_live || step == _steps || elapsed - _lastDraw < RedrawInterval) return;
        var metrics = batch.Metrics;
        _lastDraw = elapsed;
        _line.Clear().Append('\r');
        AppendBar(step);
        _line.Append(" - ETA: ").Append(Duration(elapsed.TotalSeconds / step * (_steps - step)));
        AppendMetrics(metrics);
        // Blank out what a longer previous line left behind.
        int width = _line.Length;
        if (width < _lastWidth) _line.Append(' ', _lastWidth - width);
        _lastWidth = width;
        _log.Write(_line);
    }

    public void EndEpoch(EpochLog log)
    {
        if (_verbosity == Verbosity.Silent) return;
        _line.Clear();
        if (_live) _line.Append('\r');
        if (_verbosity == Verbosity.ProgressBar) AppendBar(_steps);
        else _line.Append(CultureInfo.InvariantCulture, $"{_steps}/{_steps}");
        _line.Append(CultureInfo.InvariantCulture, $" - {log.Seconds:0.0}s ");
        AppendPerStep(log.Seconds / Math.Max(1, _steps));
        AppendMetrics(log.Metrics);
        if (_live && _line.Length < _lastWidth) _line.Append(' ', _lastWidth - _line.Length);
        _log.WriteLine(_line);
    }

    /// <summary>Keras's progress-bar number format: four decimals, or four significant digits in exponent form below 1e-3.</summary>
    public static string Number(float value) =>
        value != 0 && Math.Abs(value) < 1e-3f
            ? value.ToString("0.0000e+00", CultureInfo.InvariantCulture)
            : value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Keras's ETA format: "7s", "1:05", "1:02:05".</summary>
    public static string Duration(double seconds)
    {
        long whole = (long)Math.Round(seconds);
        return whole switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{whole}s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{whole / 60}:{whole % 60:00}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{whole / 3600}:{whole / 60 % 60:00}:{whole % 60:00}"),
        };
    }

    /// <summary>Keras's time per step: "2s/step" from a second up (and for 0), "5ms/step" from a millisecond, "350us/step"
    /// below one (where "0ms/step" said nothing).</summary>
    private void AppendPerStep(double seconds)
    {
        if (seconds is >= 1 or 0) _line.Append(CultureInfo.InvariantCulture, $"{seconds:0}s/step");
        else if (seconds >= 1e-3) _line.Append(CultureInfo.InvariantCulture, $"{seconds * 1e3:0}ms/step");
        else _line.Append(CultureInfo.InvariantCulture, $"{seconds * 1e6:0}us/step");
    }

    private void AppendMetrics(IReadOnlyDictionary<string, float> metrics)
    {
        foreach (var (name, value) in metrics) _line.Append(" - ").Append(name).Append(": ").Append(Number(value));
    }

    private void AppendBar(int step)
    {
        int filled = (int)((long)BarWidth * step / _steps);
        string counter = step.ToString(CultureInfo.InvariantCulture);
        string total = _steps.ToString(CultureInfo.InvariantCulture);
        _line.Append(' ', total.Length - counter.Length).Append(counter).Append('/').Append(total).Append(" [");
        if (step == _steps) _line.Append('=', BarWidth);
        else _line.Append('=', Math.Max(0, filled - 1)).Append('>').Append('.', BarWidth - Math.Max(1, filled));
        _line.Append(']');
    }
}
