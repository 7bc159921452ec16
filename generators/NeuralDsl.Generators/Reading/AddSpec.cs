using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Add("a", ...)]</c>: the element-wise sum of its first input (the previous layer's output, or From's) and
/// the named layers' outputs, all of one shape.</summary>
internal sealed record AddSpec(EquatableArray<string> Layers, LocationInfo Location) : MergeSpec(Layers, Location)
{
    public const string AttributeName = "NeuralDsl.AddAttribute";

    public override string Kind => "Add";

    protected override string Verb => "add";

    public static LayerSpec? Read(AttributeArguments a) => ReadNames(a) is { } names ? new AddSpec(names, a.Location) : null;

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        var first = inputs.First;
        if (inputs.Shapes.All(shape => shape == first)) return new ShapedOutput(first);
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AddShapesDiffer, Location, Display, Listed(inputs), Suggestion(inputs)));
        return null;
    }

    /// <summary>For images that differ in size or channels, the projection shortcut ResNets use: a 1×1 Conv2D with the
    /// stride that brings the other input to the first one's shape.</summary>
    private static string Suggestion(LayerInputs inputs)
    {
        var target = inputs.First;
        for (int k = 1; k < inputs.Shapes.Count; k++)
        {
            var other = inputs.Shapes[k];
            if (other == target || other.Rank != 3 || target.Rank != 3) continue;
            int stride = target.Dims[0] == 0 ? 1 : other.Dims[0] / target.Dims[0];
            if (stride < 1 || (other.Dims[0] + stride - 1) / stride != target.Dims[0] || (other.Dims[1] + stride - 1) / stride != target.Dims[1]) continue;
            string strides = stride == 1 ? "" : ", Strides = " + Literals.Int(stride);
            return "; to add '" + inputs.Producers[k].Name + "', project it first: [Conv2D(" + Literals.Int(target.Dims[2]) + ", 1" + strides +
                ", Padding = Padding.Same, From = \"" + inputs.Producers[k].Name + "\", Name = \"" + inputs.Producers[k].Name + "_projection\")] and add that";
        }
        return "";
    }

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new AddOp(common, fusions.FusedInto);
}
