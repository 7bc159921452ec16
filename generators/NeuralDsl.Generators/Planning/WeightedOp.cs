using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>A layer with a kernel (and optionally a bias) whose bias and activation are fused into the
/// product's epilogue: Dense or Conv2D. When <see cref="FusedWithLoss"/>, the loss gradient already is dL/dz
/// and the activation's derivative is skipped.</summary>
internal abstract record WeightedOp(
    string Name,
    string Stem,
    string Description,
    Shape Input,
    Shape Output,
    EquatableArray<TensorPlan> Tensors,
    bool NeedsInputGradient,
    Activation Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization)
    : OpPlan(Name, Stem, Description, Input, Output, Tensors, NeedsInputGradient)
{
    public TensorPlan Kernel => Tensors[0];

    public TensorPlan? Bias => Tensors.Count > 1 ? Tensors[1] : null;

    /// <summary>Inputs feeding one output value (Keras's fan-in for the initializers).</summary>
    public abstract int FanIn { get; }

    /// <summary>Outputs fed by one input value (Keras's fan-out).</summary>
    public abstract int FanOut { get; }
}
