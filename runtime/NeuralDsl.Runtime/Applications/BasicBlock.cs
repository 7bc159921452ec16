namespace NeuralDsl.Applications;

/// <summary>
/// torchvision's <c>BasicBlock</c> with an identity shortcut (ResNet-18 and -34): two 3×3 convolutions without bias, each
/// followed by BatchNormalization (torchvision's epsilon 1e-5 and momentum 0.1, Keras's 0.9), the block's input added
/// before the last ReLU. Each 3×3 convolution pads one pixel on every side and then runs valid, as PyTorch pads (Keras's
/// "same" would put an odd pixel at the end only). Layer names are torchvision's: <c>conv1</c>, <c>bn1</c>, <c>conv2</c>,
/// <c>bn2</c>.
/// </summary>
[Block]
[ZeroPadding2D(1, Name = "conv1_pad")]
[Conv2D(1, 3, UseBias = false, Name = "conv1")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn1")]
[Activation(Activation.Relu, Name = "relu1")]
[ZeroPadding2D(1, Name = "conv2_pad")]
[Conv2D(1, 3, UseBias = false, Name = "conv2")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn2")]
[Add(BlockAttribute.Input, Name = "add")]
[Activation(Activation.Relu, Name = "relu2")]
public static class BasicBlock;
