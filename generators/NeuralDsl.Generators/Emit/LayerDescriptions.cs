using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Emit;

/// <summary>
/// The C# expression of each planned layer's runtime description (<c>global::NeuralDsl.Conv2DDescription(…)</c>), which the
/// model's <c>LayerInfo</c> carries: the options of its kind with each window's padding worked out, for readers of the model
/// such as the ONNX exporter. Being an <see cref="IOpVisitor{T}"/>, a new kind of layer does not compile until it has one.
/// </summary>
internal sealed class LayerDescriptions : IOpVisitor<string>
{
    public static readonly LayerDescriptions Instance = new();

    private const string Prefix = "new global::NeuralDsl.";

    public string VisitDense(DenseOp op) => $"{Prefix}DenseDescription({Literals.Int(op.Units)}, {ActivationValue(op.Activation)})";

    public string VisitConv2D(ConvOp op) =>
        $"{Prefix}Conv2DDescription({Literals.Int(op.Filters)}, {Literals.Int(op.Window.WindowHeight)}, {Literals.Int(op.Window.WindowWidth)}, " +
        $"{Literals.Int(op.Window.Stride)}, {PaddingValue(op.Window)}, {ActivationValue(op.Activation)}, {Pads(op.Window)})";

    public string VisitPooling(PoolOp op) =>
        $"{Prefix}Pooling2DDescription(IsMax: {Literals.Bool(op.IsMax)}, {Literals.Int(op.Window.WindowHeight)}, {Literals.Int(op.Window.WindowWidth)}, " +
        $"{Literals.Int(op.Window.Stride)}, {PaddingValue(op.Window)}, {Pads(op.Window)})";

    public string VisitFlatten(FlattenOp op) => $"{Prefix}FlattenDescription()";

    public string VisitDropout(DropoutOp op) => $"{Prefix}DropoutDescription({Literals.Number(op.Rate)})";

    public string VisitActivation(ActivationOp op) => $"{Prefix}ActivationDescription({ActivationValue(op.Activation)})";

    public string VisitAdd(AddOp op) => $"{Prefix}AddDescription()";

    public string VisitConcatenate(ConcatenateOp op) => $"{Prefix}ConcatenateDescription()";

    public string VisitBatchNormalization(BatchNormalizationOp op) =>
        $"{Prefix}BatchNormalizationDescription(Momentum: {Literals.Number(op.Momentum)}, Epsilon: {Literals.Number(op.Epsilon)})";

    public string VisitGlobalPooling(GlobalPoolOp op) => $"{Prefix}GlobalPooling2DDescription(IsMax: {Literals.Bool(op.IsMax)})";

    public string VisitZeroPadding(ZeroPaddingOp op) => $"{Prefix}ZeroPadding2DDescription({PadsValue(op.Top, op.Bottom, op.Left, op.Right)})";

    public string VisitRandomFlip(RandomFlipOp op) =>
        $"{Prefix}RandomFlipDescription(Horizontal: {Literals.Bool(op.Horizontal)}, Vertical: {Literals.Bool(op.Vertical)})";

    public string VisitRandomTranslation(RandomTranslationOp op) =>
        $"{Prefix}RandomTranslationDescription({Literals.Number(op.HeightFactor)}, {Literals.Number(op.WidthFactor)})";

    private static string ActivationValue(Activation activation) => "global::NeuralDsl.Activation." + activation;

    private static string PaddingValue(Window window) => "global::NeuralDsl.Padding." + (window.SamePadding ? "Same" : "Valid");

    /// <summary>The zeros on each side: Keras's "same" splits them evenly, the odd one at the bottom / right.</summary>
    private static string Pads(Window window)
    {
        if (!window.SamePadding) return PadsValue(0, 0, 0, 0);
        int bottom = Total(window.InputHeight, window.OutputHeight, window.WindowHeight, window.Stride) - window.PadTop;
        int right = Total(window.InputWidth, window.OutputWidth, window.WindowWidth, window.Stride) - window.PadLeft;
        return PadsValue(window.PadTop, bottom, window.PadLeft, right);
    }

    private static int Total(int input, int output, int window, int stride) => System.Math.Max((output - 1) * stride + window - input, 0);

    private static string PadsValue(int top, int bottom, int left, int right) =>
        $"new global::NeuralDsl.WindowPads({Literals.Int(top)}, {Literals.Int(bottom)}, {Literals.Int(left)}, {Literals.Int(right)})";
}
