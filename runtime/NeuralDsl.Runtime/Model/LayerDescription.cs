namespace NeuralDsl;

/// <summary>
/// What one layer computes at inference, as the generator planned it: the options of its kind, with every window's
/// padding worked out (top, bottom, left, right; Keras's "same" puts the odd row or column at the bottom / right).
/// <see cref="LayerInfo.Description"/> carries one per layer, so that a reader of the model (the ONNX exporter) needs no
/// second copy of the generator's rules. The layer's tensors are <see cref="LayerInfo.Tensors"/>, named
/// <c>&lt;layer&gt;/kernel</c>, <c>/bias</c>, <c>/gamma</c>, <c>/beta</c>, <c>/moving_mean</c>, <c>/moving_variance</c>.
/// </summary>
public abstract record LayerDescription;

/// <summary>Dense: <c>activation(x · kernel + bias)</c> over the last axis, kernel [inputs, units].</summary>
public sealed record DenseDescription(int Units, Activation Activation) : LayerDescription;

/// <summary>Conv2D: kernel [kernelHeight, kernelWidth, inputChannels, filters] (HWIO), one stride for both axes, the
/// zeros added on each side, then bias and activation.</summary>
public sealed record Conv2DDescription(int Filters, int KernelHeight, int KernelWidth, int Stride, Padding Padding, Activation Activation, WindowPads Pads)
    : LayerDescription;

/// <summary>MaxPooling2D or AveragePooling2D; average pooling over a padded window divides by the input values only
/// (Keras's "same"), max pooling never picks a padded position.</summary>
public sealed record Pooling2DDescription(bool IsMax, int PoolHeight, int PoolWidth, int Stride, Padding Padding, WindowPads Pads) : LayerDescription;

/// <summary>GlobalAveragePooling2D or GlobalMaxPooling2D: height × width × channels → channels.</summary>
public sealed record GlobalPooling2DDescription(bool IsMax) : LayerDescription;

/// <summary>Flatten: height × width × channels → one vector, in that (channels-last) order.</summary>
public sealed record FlattenDescription : LayerDescription;

/// <summary>Dropout: the identity at inference.</summary>
public sealed record DropoutDescription(double Rate) : LayerDescription;

/// <summary>Activation: element-wise, or softmax over a vector.</summary>
public sealed record ActivationDescription(Activation Activation) : LayerDescription;

/// <summary>BatchNormalization over the last (channel) axis; at inference <c>gamma · (x − moving_mean) / √(moving_variance + epsilon) + beta</c>
/// (gamma 1 and beta 0 when the layer has none).</summary>
public sealed record BatchNormalizationDescription(double Momentum, double Epsilon) : LayerDescription;

/// <summary>Add: the element-wise sum of its inputs.</summary>
public sealed record AddDescription : LayerDescription;

/// <summary>Concatenate: its inputs joined on the last (channel) axis, in order.</summary>
public sealed record ConcatenateDescription : LayerDescription;

/// <summary>ZeroPadding2D: zeros around each image.</summary>
public sealed record ZeroPadding2DDescription(WindowPads Pads) : LayerDescription;

/// <summary>RandomFlip: flips in training, the identity at inference.</summary>
public sealed record RandomFlipDescription(bool Horizontal, bool Vertical) : LayerDescription;

/// <summary>RandomTranslation: shifts in training, the identity at inference.</summary>
public sealed record RandomTranslationDescription(double HeightFactor, double WidthFactor) : LayerDescription;

/// <summary>Rows and columns of zeros around an image: above, below, left of and right of it.</summary>
public readonly record struct WindowPads(int Top, int Bottom, int Left, int Right);
