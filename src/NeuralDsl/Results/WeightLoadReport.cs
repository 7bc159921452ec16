namespace NeuralDsl;

/// <summary>What <c>LoadWeights(path, WeightMatching.ByName)</c> did: the model's tensors it filled, the model's tensors it
/// left as they were (with why), the file's tensors the model did not take, and the file's tensors the layout ignores on
/// purpose (<see cref="WeightLayout.PyTorch"/>'s <c>num_batches_tracked</c>).</summary>
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

    /// <summary>The file's tensors the layout skips by design (PyTorch's <c>num_batches_tracked</c>, which NeuralDsl's
    /// BatchNormalization does not keep); empty for <see cref="WeightLayout.Keras"/>.</summary>
    public IReadOnlyList<string> Ignored { get => _ignored; init => _ignored = value ?? throw new ArgumentNullException(nameof(Ignored)); }

    private readonly IReadOnlyList<string> _ignored = [];

    /// <summary>One line per list, e.g. <c>loaded 2: conv2d/kernel, conv2d/bias; not loaded 2: dense/kernel (not in the
    /// file), …; unused 0</c>, and <c>; ignored 1: bn1.num_batches_tracked</c> when the layout ignored any.</summary>
    public override string ToString() =>
        $"loaded {Loaded.Count}: {string.Join(", ", Loaded)}; not loaded {NotLoaded.Count}: {string.Join(", ", NotLoaded)}; unused {Unused.Count}: {string.Join(", ", Unused)}"
        + (Ignored.Count == 0 ? "" : $"; ignored {Ignored.Count}: {string.Join(", ", Ignored)}");
}
