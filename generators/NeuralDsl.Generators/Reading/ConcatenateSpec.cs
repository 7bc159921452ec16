using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Concatenate("a", ...)]</c>: its first input and the named layers' outputs joined on the last (channel) axis,
/// every other axis equal.</summary>
internal sealed record ConcatenateSpec(EquatableArray<string> Layers, LocationInfo Location) : MergeSpec(Layers, Location)
{
    public const string AttributeName = "NeuralDsl.ConcatenateAttribute";

    public override string Kind => "Concatenate";

    protected override string Verb => "join";

    public static LayerSpec? Read(AttributeArguments a) => ReadNames(a) is { } names ? new ConcatenateSpec(names, a.Location) : null;

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        var first = inputs.First;
        bool agree = inputs.Shapes.All(shape => shape.Rank == first.Rank && Enumerable.Range(0, first.Rank - 1).All(d => shape.Dims[d] == first.Dims[d]));
        if (!agree)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConcatenateShapesDiffer, Location, Display, Listed(inputs)));
            return null;
        }
        var dims = first.Dims.ToArray();
        dims[dims.Length - 1] = inputs.Shapes.Sum(shape => shape.Dims[shape.Rank - 1]);
        var output = WindowShapes.Output(this, inputs, diagnostics, dims);
        return output is null ? null : new ShapedOutput(output);
    }

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) =>
        new ConcatenateOp(common, layer.InputShapes.Select(shape => shape.Dims[shape.Rank - 1]).ToEquatableArray());
}
