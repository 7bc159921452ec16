using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[ZeroPadding2D(padding | height, width | top, bottom, left, right)]</c>: zeros around an image.</summary>
internal sealed record ZeroPadding2DSpec(int Top, int Bottom, int Left, int Right, LocationInfo Location) : LayerSpec(Location)
{
    public const string AttributeName = "NeuralDsl.ZeroPadding2DAttribute";

    public override string Kind => "ZeroPadding2D";

    public override string Display =>
        Top == Bottom && Left == Right
            ? Top == Left ? "ZeroPadding2D(" + Literals.Int(Top) + ")" : "ZeroPadding2D(" + Literals.Int(Top) + ", " + Literals.Int(Left) + ")"
            : "ZeroPadding2D(" + Literals.Int(Top) + ", " + Literals.Int(Bottom) + ", " + Literals.Int(Left) + ", " + Literals.Int(Right) + ")";

    public static LayerSpec? Read(AttributeArguments a) => a.Count switch
    {
        1 => new ZeroPadding2DSpec(a.Int(0), a.Int(0), a.Int(0), a.Int(0), a.Location),
        2 => new ZeroPadding2DSpec(a.Int(0), a.Int(0), a.Int(1), a.Int(1), a.Location),
        4 => new ZeroPadding2DSpec(a.Int(0), a.Int(1), a.Int(2), a.Int(3), a.Location),
        _ => null,
    };

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        // Each value as written once: ZeroPadding2D(1, -1) has one negative width, not a negative left and right.
        var sides = Top == Bottom && Left == Right && Top == Left ? new[] { ("the padding", Top) }
            : new[] { Top == Bottom ? ("the height padding", Top) : ("the top padding", Top), Top == Bottom ? ("", 0) : ("the bottom padding", Bottom),
                Left == Right ? ("the width padding", Left) : ("the left padding", Left), Left == Right ? ("", 0) : ("the right padding", Right) };
        foreach (var (side, value) in sides)
            if (value < 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, side, Literals.Int(value), "0 or more"));
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        if (!WindowShapes.NeedsImage(this, inputs, diagnostics) || Top < 0 || Bottom < 0 || Left < 0 || Right < 0) return null;
        var input = inputs.First;
        var output = WindowShapes.Output(this, inputs, diagnostics,
            (int)System.Math.Min(int.MaxValue, (long)input.Dims[0] + Top + Bottom), (int)System.Math.Min(int.MaxValue, (long)input.Dims[1] + Left + Right), input.Dims[2]);
        return output is null ? null : new ShapedOutput(output);
    }

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new ZeroPaddingOp(common, Top, Bottom, Left, Right);
}
