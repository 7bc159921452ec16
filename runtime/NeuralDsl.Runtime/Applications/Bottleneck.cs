namespace NeuralDsl.Applications;

/// <summary>
/// torchvision's <c>Bottleneck</c> with an identity shortcut (ResNet-50, -101, -152): 1×1, 3×3 and 1×1 convolutions without
/// bias (the last with 4 × the Repeat's filters), each followed by BatchNormalization (epsilon 1e-5, momentum 0.1 as
/// torchvision counts it, 0.9 as Keras does), the block's input added before the last ReLU. The 3×3 convolution pads one
/// pixel on every side and runs valid, as PyTorch pads. Layer names are torchvision's: <c>conv1</c> … <c>bn3</c>.
/// </summary>
[Block]
[Conv2D(1, 1, UseBias = false, Name = "conv1")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn1")]
[Activation(Activation.Relu, Name = "relu1")]
[ZeroPadding2D(1, Name = "conv2_pad")]
[Conv2D(1, 3, UseBias = false, Name = "conv2")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn2")]
[Activation(Activation.Relu, Name = "relu2")]
[Conv2D(4, 1, UseBias = false, Name = "conv3")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn3")]
[Add(BlockAttribute.Input, Name = "add")]
[Activation(Activation.Relu, Name = "relu3")]
public static class Bottleneck;
