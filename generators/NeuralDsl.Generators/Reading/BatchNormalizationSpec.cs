using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[BatchNormalization { Momentum, Epsilon, Center, Scale, Trainable }]</c> over the last (channel) axis, as Keras.</summary>
internal sealed record BatchNormalizationSpec(double Momentum, double Epsilon, bool Center, bool Scale, bool IsTrainable, LocationInfo Location)
    : LayerSpec(Location)
{
    public const string AttributeName = "NeuralDsl.BatchNormalizationAttribute";

    public override string Kind => "BatchNormalization";

    public override string Display => "BatchNormalization";

    public override bool HasWeights => Center || Scale;

    public override bool Trainable => IsTrainable;

    public override LayerSpec Frozen() => this with { IsTrainable = false };

    public static LayerSpec? Read(AttributeArguments a) => a.Count == 0
        ? new BatchNormalizationSpec(
            Momentum: a.Named.Double("Momentum") ?? LayerDefaults.BatchNormalizationMomentum,
            Epsilon: a.Named.Double("Epsilon") ?? LayerDefaults.BatchNormalizationEpsilon,
            Center: a.Named.Bool("Center", LayerDefaults.BatchNormalizationCenter),
            Scale: a.Named.Bool("Scale", LayerDefaults.BatchNormalizationScale),
            IsTrainable: a.Named.Bool("Trainable", LayerDefaults.Trainable),
            Location: a.Location)
        : null;

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        if (!(Momentum >= 0 && Momentum <= 1)) // NaN fails both
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, "Momentum", Literals.Number(Momentum), "in [0, 1]"));
        if (!(Epsilon > 0 && Epsilon <= float.MaxValue))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, "Epsilon", Literals.Number(Epsilon), "positive and finite"));
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) => new ShapedOutput(inputs.First);

    /// <summary>Keras's order and initial values: gamma (ones), beta (zeros), then the moving mean (zeros) and variance
    /// (ones), which are state.</summary>
    public override IEnumerable<TensorSpec> TensorSpecs(ShapedLayer layer)
    {
        var channels = EquatableArray.Of(layer.Input.Dims[layer.Input.Rank - 1]);
        if (Scale) yield return new TensorSpec("gamma", channels, Initializer.Ones);
        if (Center) yield return new TensorSpec("beta", channels, Initializer.Zeros);
        yield return new TensorSpec("moving_mean", channels, Initializer.Zeros, TensorRole.State);
        yield return new TensorSpec("moving_variance", channels, Initializer.Ones, TensorRole.State);
    }

    public override IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer)
    {
        yield return (BufferRole.Normalized, layer.Output.Size);
        yield return (BufferRole.Statistics, 4 * layer.Input.Dims[layer.Input.Rank - 1]);
    }

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new BatchNormalizationOp(common, Momentum, Epsilon, fusions.FusedInto);
}
