using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Everything the emitters need: names, sizes, the ordered passes with the buffers each reads and writes,
/// the workspace buffers, the parameter layout, and how the backward pass starts from the loss.</summary>
internal sealed record ModelPlan(
    ModelSpec Spec,
    string ModelName,
    Shape InputShape,
    EquatableArray<OpPlan> Ops,
    EquatableArray<BufferPlan> Buffers,
    OutputGradientKind OutputGradient)
{
    public Loss Loss => Spec.Loss;

    public Metric Metrics => Spec.Metrics;

    public int InputSize => InputShape.Size;

    public Shape OutputShape => Last.Output;

    public int OutputSize => OutputShape.Size;

    public int ParameterCount => Ops.Sum(op => op.ParameterCount);

    public OpPlan Last => Ops[Ops.Count - 1];

    public EquatableArray<TensorPlan> Tensors => Ops.SelectMany(op => op.Tensors).ToEquatableArray();

    public EquatableArray<WeightedOp> Regularized => Ops.OfType<WeightedOp>().Where(op => op.Regularization is not null).ToEquatableArray();
}
