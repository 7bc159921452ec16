// The generator compiles this file too (linked): it reads an option a user did not write as this value.
namespace NeuralDsl;

/// <summary>Keras's defaults of the layer options, the values the attributes start with.</summary>
internal static class LayerDefaults
{
    public const Activation Activation = NeuralDsl.Activation.Linear;
    public const bool UseBias = true;
    public const bool Trainable = true;
    public const Initializer KernelInitializer = Initializer.GlorotUniform;
    public const Initializer BiasInitializer = Initializer.Zeros;
    public const Regularizer KernelRegularizer = Regularizer.None;
    public const double L1 = 0.01;
    public const double L2 = 0.01;
    public const int Conv2DStrides = 1;
    public const Padding Padding = NeuralDsl.Padding.Valid;

    /// <summary>Pooling strides of 0 mean the pool size, as Keras's <c>strides=None</c>.</summary>
    public const int PoolingStrides = 0;

    public const double BatchNormalizationMomentum = 0.99;
    public const double BatchNormalizationEpsilon = 0.001;
    public const bool BatchNormalizationCenter = true;
    public const bool BatchNormalizationScale = true;
    public const int ZeroPadding = 1;
    public const Flip Flip = NeuralDsl.Flip.HorizontalAndVertical;
    public const FillMode FillMode = NeuralDsl.FillMode.Reflect;
    public const Interpolation Interpolation = NeuralDsl.Interpolation.Bilinear;
    public const double FillValue = 0;

    /// <summary>The name a block's layers read the block's input by (BlockAttribute.Input).</summary>
    public const string BlockInput = "input";

    /// <summary>A block layer's strides that its instance decides (BlockAttribute.Strides): never valid strides otherwise.</summary>
    public const int BlockStrides = -1;

    public const int RepeatTimes = 1;
    public const int RepeatFilters = 1;
    public const int RepeatStrides = 1;

    /// <summary>Keras numbers a prefix's block instances from 1 (conv2_block1); PyTorch's Sequential from 0.</summary>
    public const int RepeatFirstIndex = 1;

    public const Loss Loss = NeuralDsl.Loss.MeanSquaredError;
    public const Metric Metrics = Metric.Accuracy;
}
