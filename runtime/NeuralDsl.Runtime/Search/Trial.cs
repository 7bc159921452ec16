using System.Collections.ObjectModel;

namespace NeuralDsl;

/// <summary>
/// One point of a hyper-parameter search: the parameter values handed to the run, and once it has run, its
/// <see cref="History"/> and score. The run reads its values with <see cref="Get{T}(string)"/>.
/// </summary>
public sealed class Trial
{
    internal Trial(int index, IReadOnlyDictionary<string, object> parameters, int seed)
    {
        Index = index;
        Parameters = parameters;
        Seed = seed;
    }

    private Trial(Trial trial, History? history, float score, int bestEpoch, Exception? exception)
        : this(trial.Index, trial.Parameters, trial.Seed)
    {
        History = history;
        Score = score;
        BestEpoch = bestEpoch;
        Exception = exception;
    }

    /// <summary>Zero-based position in the order the search ran the trials.</summary>
    public int Index { get; }

    /// <summary>The parameter values of this trial, by name, in the order of the <see cref="SearchSpace"/>.</summary>
    public IReadOnlyDictionary<string, object> Parameters { get; }

    /// <summary>A seed for the trial's model, derived from the search's seed and <see cref="Index"/> (the same
    /// every run). Pass it to the model to vary the initial weights between trials; pass a fixed seed instead
    /// to compare the parameters alone.</summary>
    public int Seed { get; }

    /// <summary>The best value of the monitored metric over the trial's epochs (highest or lowest by the search's
    /// direction); NaN when the trial failed, or before it has run.</summary>
    public float Score { get; } = float.NaN;

    /// <summary>What the run returned; null when it failed, or before it has run.</summary>
    public History? History { get; }

    /// <summary>Zero-based epoch of <see cref="Score"/> (as <see cref="EpochLog.Epoch"/>); -1 when the trial failed.</summary>
    public int BestEpoch { get; } = -1;

    /// <summary>Mean wall-clock seconds per epoch of <see cref="History"/>; NaN when the trial failed.</summary>
    public double SecondsPerEpoch => History is { Epochs: > 0 } history ? history.EpochSeconds.Average() : double.NaN;

    /// <summary>Whether the run threw (the search recorded it and went on).</summary>
    public bool Failed => Exception is not null;

    /// <summary>The message of the exception the run threw; null unless <see cref="Failed"/>.</summary>
    public string? Error => Exception?.Message;

    /// <summary>The exception the run threw, with its stack trace; null unless <see cref="Failed"/>.</summary>
    public Exception? Exception { get; }

    /// <summary>The value of parameter <paramref name="name"/> as a <typeparamref name="T"/>. Numbers convert between
    /// <c>int</c>, <c>long</c>, <c>float</c> and <c>double</c> when the value survives: a double 0.001 reads as a float,
    /// 32 as a double, 32.0 as an int; 0.5 does not read as an int.</summary>
    /// <exception cref="ArgumentException">No parameter has that name (the message lists those that exist).</exception>
    /// <exception cref="InvalidCastException">The value cannot be read as <typeparamref name="T"/> (the message names
    /// the value and both types).</exception>
    public T Get<T>(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Parameters.TryGetValue(name, out object? value))
            throw new ArgumentException($"Trial has no parameter \"{name}\"; its parameters are {ParameterText.Names(Parameters.Keys)}.", nameof(name));
        if (value is T same) return same;
        if (ParameterConversion.TryConvert(value, out T converted, out string? reason)) return converted;
        throw new InvalidCastException(
            $"Parameter \"{name}\" is {ParameterText.Quote(value)} ({ParameterText.TypeName(value.GetType())}), which cannot be read as {ParameterText.TypeName(typeof(T))}"
            + (reason is null ? "." : $": {reason}."));
    }

    /// <summary>The parameters as <c>name=value</c> pairs, e.g. <c>learning_rate=0.001 batch_size=128</c>.</summary>
    public override string ToString() => ParameterText.Pairs(Parameters);

    /// <summary>The parameters of one combination, read-only and in space order.</summary>
    internal static IReadOnlyDictionary<string, object> ParametersOf(IEnumerable<KeyValuePair<string, object>> values) =>
        new ReadOnlyDictionary<string, object>(new OrderedDictionary<string, object>(values, StringComparer.Ordinal));

    /// <summary>A seed per trial that differs between neighbouring indices and seeds (SplitMix64's finaliser), ≥ 0.</summary>
    internal static int SeedFor(int searchSeed, int index)
    {
        ulong z = ((ulong)(uint)searchSeed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) >> 33);
    }

    /// <summary>This trial after its run returned <paramref name="history"/>, scored on <paramref name="monitor"/>.</summary>
    internal Trial Completed(History history, MetricMonitor monitor)
    {
        var series = history.Series(monitor.Name);
        // The epoch that logged the value, not its index: a metric may first be logged in a later epoch.
        var epochs = history.EpochsOf(monitor.Name);
        float best = float.NaN;
        int bestEpoch = -1;
        for (int i = 0; i < series.Count; i++)
        {
            if (!monitor.IsBetter(series[i], best)) continue;
            best = series[i];
            bestEpoch = epochs[i];
        }
        return new Trial(this, history, best, bestEpoch, exception: null);
    }

    /// <summary>This trial after its run threw <paramref name="exception"/>.</summary>
    internal Trial FailedWith(Exception exception) => new(this, history: null, float.NaN, -1, exception);
}
