using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Reading;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Everything the emitters need: names, sizes, the ordered passes, the parameter layout and how
/// the backward pass starts from the loss.</summary>
internal sealed record ModelPlan(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string ClassName,
    string FullName,
    string HintName,
    string ModelName,
    Shape InputShape,
    Loss Loss,
    Metric Metrics,
    EquatableArray<OpPlan> Ops,
    OutputGradientKind OutputGradient)
{
    public int InputSize => InputShape.Size;

    public Shape OutputShape => Ops[Ops.Count - 1].Output;

    public int OutputSize => OutputShape.Size;

    public int ParameterCount => Ops.Sum(op => op.ParameterCount);

    public OpPlan Last => Ops[Ops.Count - 1];
}
