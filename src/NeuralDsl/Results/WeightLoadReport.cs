namespace NeuralDsl;

/// <summary>What <c>LoadWeights(path, WeightMatching.ByName)</c> did: the model's tensors it filled, the model's tensors it
/// left as they were (with why), and the file's tensors the model did not take.</summary>
/// <exception cref="ArgumentNullException">A list is null.</exception>
public sealed record WeightLoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> NotLoaded, IReadOnlyList<string> Unused)
{
    private readonly IReadOnlyList<string> _loaded = Loaded ?? throw new ArgumentNullException(nameof(Loaded));
    private readonly IReadOnlyList<string> _notLoaded = NotLoaded ?? throw new ArgumentNullException(nameof(NotLoaded));
    private readonly IReadOnlyList<string> _unused = Unused ?? throw new ArgumentNullException(nameof(Unused));

    /// <summary>The model's tensors filled from the file.</summary>
    public IReadOnlyList<string> Loaded { get => _loaded; init => _loaded = value ?? throw new ArgumentNullException(nameof(Loaded)); }

    /// <summary>The model's tensors left as they were, each with why.</summary>
    public IReadOnlyList<string> NotLoaded { get => _notLoaded; init => _notLoaded = value ?? throw new ArgumentNullException(nameof(NotLoaded)); }

    /// <summary>The file's tensors the model did not take.</summary>
    public IReadOnlyList<string> Unused { get => _unused; init => _unused = value ?? throw new ArgumentNullException(nameof(Unused)); }

    /// <summary>One line per list, e.g. <c>loaded 2: conv2d/kernel, conv2d/bias; not loaded 2: dense/kernel (not in the
    /// file), …; unused 0</c>.</summary>
    public override string ToString() =>
        $"loaded {Loaded.Count}: {string.Join(", ", Loaded)}; not loaded {NotLoaded.Count}: {string.Join(", ", NotLoaded)}; unused {Unused.Count}: {string.Join(", ", Unused)}";
}
