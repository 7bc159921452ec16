namespace NeuralDsl.EndToEnd.Tests.Models;

// Keras's ResNet-50 (keras.applications.ResNet50, include_top, 224×224×3) declared with blocks in 42 attribute lines, its
// layers named as Keras names them (conv2_block1_1_conv …). The CIFAR-10 example's ResNet-20 v1 is samples/Cifar10ResNet.

/// <summary>Keras's bottleneck that starts a stage: a 1×1 projection shortcut beside 1×1, 3×3, 1×1 convolutions, each with
/// BatchNormalization (epsilon 1.001e-5, as Keras's ResNet); the first convolutions take the instance's strides.</summary>
[Block]
[Conv2D(4, 1, Strides = BlockAttribute.Strides, Name = "0_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "0_bn")]
[Conv2D(1, 1, Strides = BlockAttribute.Strides, From = BlockAttribute.Input, Name = "1_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "1_bn")]
[Activation(Activation.Relu, Name = "1_relu")]
[Conv2D(1, 3, Padding = Padding.Same, Name = "2_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "2_bn")]
[Activation(Activation.Relu, Name = "2_relu")]
[Conv2D(4, 1, Name = "3_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "3_bn")]
[Add("0_bn", Name = "add")]
[Activation(Activation.Relu, Name = "out")]
public static class ProjectionBottleneck;

/// <summary>Keras's bottleneck with an identity shortcut.</summary>
[Block]
[Conv2D(1, 1, Name = "1_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "1_bn")]
[Activation(Activation.Relu, Name = "1_relu")]
[Conv2D(1, 3, Padding = Padding.Same, Name = "2_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "2_bn")]
[Activation(Activation.Relu, Name = "2_relu")]
[Conv2D(4, 1, Name = "3_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "3_bn")]
[Add(BlockAttribute.Input, Name = "add")]
[Activation(Activation.Relu, Name = "out")]
public static class IdentityBottleneck;

/// <summary>keras.applications.ResNet50(weights=None): 25,636,712 parameters, 53,120 of them non-trainable.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(224, 224, 3)]
[ZeroPadding2D(3, Name = "conv1_pad")]
[Conv2D(64, 7, Strides = 2, Name = "conv1_conv")]
[BatchNormalization(Epsilon = 1.001e-5, Name = "conv1_bn")]
[Activation(Activation.Relu, Name = "conv1_relu")]
[ZeroPadding2D(1, Name = "pool1_pad")]
[MaxPooling2D(3, Strides = 2, Name = "pool1_pool")]
[Repeat(typeof(ProjectionBottleneck), Name = "conv2_block", Filters = 64)]
[Repeat(typeof(IdentityBottleneck), 2, Name = "conv2_block", Filters = 64)]
[Repeat(typeof(ProjectionBottleneck), Name = "conv3_block", Filters = 128, Strides = 2)]
[Repeat(typeof(IdentityBottleneck), 3, Name = "conv3_block", Filters = 128)]
[Repeat(typeof(ProjectionBottleneck), Name = "conv4_block", Filters = 256, Strides = 2)]
[Repeat(typeof(IdentityBottleneck), 5, Name = "conv4_block", Filters = 256)]
[Repeat(typeof(ProjectionBottleneck), Name = "conv5_block", Filters = 512, Strides = 2)]
[Repeat(typeof(IdentityBottleneck), 2, Name = "conv5_block", Filters = 512)]
[GlobalAveragePooling2D(Name = "avg_pool")]
[Dense(1000, Activation.Softmax, Name = "predictions")]
public partial class KerasResNet50;
