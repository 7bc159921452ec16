using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[MaxPooling2D(poolSize | poolHeight, poolWidth) { Strides, Padding }]</c> or the same for
/// <c>[AveragePooling2D]</c>; <see cref="Strides"/> 0 means the pool size, as Keras's <c>strides=None</c>.</summary>
internal sealed record Pooling2DSpec(
    bool IsMax,
    int PoolHeight,
    int PoolWidth,
    int Strides,
    Padding Padding,
    LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    /// <summary><c>MaxPooling2D(2)</c> for a square window, <c>AveragePooling2D(3, 2)</c> for a 3×2 one.</summary>
    public override string Display => Kind + "(" +
        (IsSquare ? Literals.Int(PoolHeight) : Literals.Int(PoolHeight) + ", " + Literals.Int(PoolWidth)) + ")";

    public bool IsSquare => PoolHeight == PoolWidth;

    /// <summary>Strides default to the pool size (Keras's <c>strides=None</c>); both directions share one stride.</summary>
    public int Stride => Strides != 0 ? Strides : PoolHeight;

    public override LayerSpec ForInstance(int filters, int strides) => Strides == BlockInstance.InstanceStrides ? this with { Strides = strides } : this;

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        OptionChecks.CheckWindow(diagnostics, this, "pool", PoolHeight, PoolWidth);
        if (Strides < 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveWindow, Location, Display,
                "Strides", Literals.Int(Strides), "positive, or 0 for the pool size"));
        OptionChecks.CheckDefined(diagnostics, Location, Display, "Padding", Padding);
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        bool valid = PoolHeight > 0 && PoolWidth > 0 && Strides >= 0 && ContractNames.IsDefined(Padding);
        var window = WindowShapes.Slide(this, inputs, PoolHeight, PoolWidth, Stride, Padding, valid, diagnostics);
        if (window is null) return null;
        var output = WindowShapes.Output(this, inputs, diagnostics, window.OutputHeight, window.OutputWidth, window.InputChannels);
        return output is null ? null : new ShapedOutput(output, window);
    }

    /// <summary>Max pooling keeps each window's arg-max, to route the gradient back.</summary>
    public override IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer) =>
        IsMax ? new[] { (BufferRole.ArgMax, layer.Output.Size) } : System.Array.Empty<(BufferRole, int)>();

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new PoolOp(common, IsMax, layer.Window!, fusions.FusedInto);

    public const string MaxAttributeName = "NeuralDsl.MaxPooling2DAttribute";
    public const string AverageAttributeName = "NeuralDsl.AveragePooling2DAttribute";

    public static LayerSpec? ReadMax(AttributeArguments a) => Read(a, isMax: true);

    public static LayerSpec? ReadAverage(AttributeArguments a) => Read(a, isMax: false);

    /// <summary><c>(poolSize)</c> or <c>(poolHeight, poolWidth)</c>, with Strides and Padding.</summary>
    private static LayerSpec? Read(AttributeArguments a, bool isMax) =>
        a.Count == 1 || a.Count == 2
            ? new Pooling2DSpec(isMax, a.Int(0), a.Int(a.Count - 1),
                a.Named.Int("Strides", LayerDefaults.PoolingStrides), (Padding)a.Named.Int("Padding", (int)LayerDefaults.Padding), a.Location)
            : null;
}
