namespace NeuralDsl.Applications;

/// <summary>
/// torchvision's <c>Bottleneck</c> that starts a stage, ResNet v1.5 as torchvision builds it: the instance's strides on the
/// 3×3 convolution (not on the first 1×1, as the original paper and Keras do), and the shortcut torchvision calls
/// <c>downsample</c>: a 1×1 convolution without bias to 4 × the Repeat's filters with the same strides
/// (<c>downsample_0</c>) and its BatchNormalization (<c>downsample_1</c>).
/// </summary>
[Block]
[Conv2D(1, 1, UseBias = false, Name = "conv1")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn1")]
[Activation(Activation.Relu, Name = "relu1")]
[ZeroPadding2D(1, Name = "conv2_pad")]
[Conv2D(1, 3, Strides = BlockAttribute.Strides, UseBias = false, Name = "conv2")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn2")]
[Activation(Activation.Relu, Name = "relu2")]
[Conv2D(4, 1, UseBias = false, Name = "conv3")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn3")]
[Conv2D(4, 1, Strides = BlockAttribute.Strides, UseBias = false, From = BlockAttribute.Input, Name = "downsample_0")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "downsample_1")]
[Add("bn3", Name = "add")]
[Activation(Activation.Relu, Name = "relu3")]
public static class DownsamplingBottleneck;
