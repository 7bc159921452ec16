using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Flatten]</c>: a reshape of height × width × channels into one vector (a no-op on a vector).</summary>
internal sealed record FlattenSpec(LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Flatten";

    public override string Display => "Flatten";

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) =>
        new ShapedOutput(inputs.First.IsVector ? inputs.First : Shape.Vector(inputs.First.Size)); // a no-op on a vector, as in Keras

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new FlattenOp(common);

    public const string AttributeName = "NeuralDsl.FlattenAttribute";

    public static LayerSpec? Read(AttributeArguments a) => a.Count == 0 ? new FlattenSpec(a.Location) : null;
}
