namespace NeuralDsl;

/// <summary>What <c>LoadWeights(path, WeightMatching.ByName)</c> did: the model's tensors it filled, the model's tensors it
/// left as they were (with why), and the file's tensors the model did not take.</summary>
public sealed record WeightLoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> NotLoaded, IReadOnlyList<string> Unused)
{
    /// <summary>One line per list, e.g. <c>loaded 2: conv2d/kernel, conv2d/bias; not loaded 2: dense/kernel (not in the
    /// file), …; unused 0</c>.</summary>
    public override string ToString() =>
        $"loaded {Loaded.Count}: {string.Join(", ", Loaded)}; not loaded {NotLoaded.Count}: {string.Join(", ", NotLoaded)}; unused {Unused.Count}: {string.Join(", ", Unused)}";
}
