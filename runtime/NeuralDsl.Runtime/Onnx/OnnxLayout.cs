namespace NeuralDsl.Onnx;

/// <summary>How a value of the exported graph holds a NeuralDsl tensor (whose rows are channels-last).</summary>
internal enum OnnxLayout
{
    /// <summary>[N, …shape] in NeuralDsl's own order: vectors as [N, size], images as NHWC.</summary>
    Natural,

    /// <summary>An image as [N, channels, height, width] (NCHW), the layout of ONNX's Conv, pooling and BatchNormalization.</summary>
    ChannelsFirst,

    /// <summary>A flattened image as [N, size] in channels-first order (what ONNX's Flatten makes of NCHW): the Dense it
    /// feeds reorders its kernel rows instead of the graph transposing the values back.</summary>
    FlatChannelsFirst,
}
