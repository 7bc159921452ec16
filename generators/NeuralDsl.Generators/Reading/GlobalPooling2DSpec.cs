using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[GlobalAveragePooling2D]</c> or <c>[GlobalMaxPooling2D]</c>: height × width × channels → channels.</summary>
internal sealed record GlobalPooling2DSpec(bool IsMax, LocationInfo Location) : LayerSpec(Location)
{
    public const string AverageAttributeName = "NeuralDsl.GlobalAveragePooling2DAttribute";
    public const string MaxAttributeName = "NeuralDsl.GlobalMaxPooling2DAttribute";

    public override string Kind => IsMax ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";

    public override string Display => Kind;

    public static LayerSpec? ReadAverage(AttributeArguments a) => a.Count == 0 ? new GlobalPooling2DSpec(false, a.Location) : null;

    public static LayerSpec? ReadMax(AttributeArguments a) => a.Count == 0 ? new GlobalPooling2DSpec(true, a.Location) : null;

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) =>
        WindowShapes.NeedsImage(this, inputs, diagnostics) ? new ShapedOutput(Shape.Vector(inputs.First.Dims[2])) : null;

    /// <summary>Global max pooling keeps each channel's arg-max, to route the gradient back.</summary>
    public override IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer) =>
        IsMax ? new[] { (BufferRole.ArgMax, layer.Output.Size) } : System.Array.Empty<(BufferRole, int)>();

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new GlobalPoolOp(common, IsMax);
}
