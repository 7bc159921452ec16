namespace NeuralDsl.Applications;

/// <summary>
/// torchvision's <c>BasicBlock</c> that starts a stage: as <see cref="BasicBlock"/>, its first 3×3 convolution taking the
/// instance's strides, and the shortcut torchvision calls <c>downsample</c> (a 1×1 convolution without bias with the same
/// strides, <c>downsample_0</c>, and its BatchNormalization, <c>downsample_1</c>) added instead of the input.
/// </summary>
[Block]
[ZeroPadding2D(1, Name = "conv1_pad")]
[Conv2D(1, 3, Strides = BlockAttribute.Strides, UseBias = false, Name = "conv1")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn1")]
[Activation(Activation.Relu, Name = "relu1")]
[ZeroPadding2D(1, Name = "conv2_pad")]
[Conv2D(1, 3, UseBias = false, Name = "conv2")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn2")]
[Conv2D(1, 1, Strides = BlockAttribute.Strides, UseBias = false, From = BlockAttribute.Input, Name = "downsample_0")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "downsample_1")]
[Add("bn2", Name = "add")]
[Activation(Activation.Relu, Name = "relu2")]
public static class DownsamplingBasicBlock;
