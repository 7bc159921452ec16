namespace NeuralDsl.Cpu;

/// <summary>
/// The base of a model's generated CPU passes: its workspace and one forward and one backward method per layer, every
/// size a constant. The passes read the model's parameter buffer and write its gradient buffer; an instance is owned
/// by one <see cref="CpuBackend"/>, which runs one pass at a time on it (the backend makes several instances: one for
/// training, and one per inference call running at once).
/// </summary>
public abstract class CpuPasses
{
    private readonly ArraySegment<float> _parameters, _gradients;
    private readonly LayerTrainability _trainability;
    private readonly int _widestLayer;

    protected CpuPasses(SequentialModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _trainability = model.Trainability;
        _parameters = model.ParameterBuffer;
        _gradients = model.GradientBuffer;
        DropoutRandom = model.DropoutRandom;
        _widestLayer = model.Info.Layers.Select(layer => layer.OutputShape.Aggregate(1, (size, d) => size * d)).Append(model.Info.InputSize).Max();
    }

    /// <summary>Floats a row of the widest output an inference pass writes, the input included (a convolution's padded
    /// frames not counted): the backend sizes its inference passes by it. Every layer's output, unless the generated passes know better (a convolution that runs its
    /// max pooling never writes its own output).</summary>
    public virtual int WidestInferenceRow => _widestLayer;

    /// <summary>The model's weights and biases.</summary>
    protected Span<float> Parameters => _parameters;

    /// <summary>The model's gradient buffer, same layout; the backward pass overwrites it.</summary>
    protected Span<float> Gradients => _gradients;

    /// <summary>Whether layer <paramref name="layer"/> (its index among the model's layers) computes its weight gradients.</summary>
    protected bool Trains(int layer) => _trainability[layer];

    /// <summary>The first layer that trains (<see cref="int.MaxValue"/> when none does): the backward pass stops below it,
    /// and only the layers above it pass an input gradient down.</summary>
    protected int FirstTrainableLayer => _trainability.FirstTrainableLayer;

    /// <summary>The model's random stream for dropout masks.</summary>
    protected RandomSource DropoutRandom { get; }

    /// <summary>(Re)allocates the outputs, masks and gradients of every layer for up to <paramref name="rows"/> rows.</summary>
    public abstract void AllocateWorkspace(int rows);

    /// <summary>Runs every layer on <paramref name="rows"/> rows of <paramref name="x"/>; returns the output rows.</summary>
    public abstract ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows, PassMode mode);

    /// <summary>After a training forward pass on the same rows, writes dL/dθ of the batch-mean loss (regularization
    /// included) into <see cref="Gradients"/>; <paramref name="targets"/> are rows × OutputSize.</summary>
    public abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows);

    /// <summary>Sum of the layers' weight penalties (0 for a model without regularizers).</summary>
    public abstract double Penalty();
}
