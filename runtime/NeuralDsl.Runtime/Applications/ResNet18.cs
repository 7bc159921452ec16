namespace NeuralDsl.Applications;

/// <summary>
/// torchvision's <c>resnet18()</c> declared with the DSL: input 224×224×3 (NHWC), a 7×7 stride-2 stem, a 3×3 stride-2 max
/// pool, four stages of two <see cref="BasicBlock"/>s (64, 128, 256, 512 filters; stages 2–4 start with a
/// <see cref="DownsamplingBasicBlock"/> of strides 2), global average pooling (<c>avgpool</c>) and <c>fc</c>, a Dense of
/// 1000 units with the softmax applied. Layer names are torchvision's module paths with <c>_</c> for <c>.</c>
/// (<c>conv1</c>, <c>bn1</c>, <c>layer1_0_conv1</c>, <c>layer2_0_downsample_0</c>, <c>fc</c>), so
/// <c>LoadWeights(path, WeightMatching.Strict, WeightLayout.PyTorch)</c> reads torchvision's <c>state_dict</c> saved as
/// safetensors. 11,689,512 weights as torchvision counts them, and the BatchNormalization moving statistics (9,600) that
/// Keras also counts. Padding is PyTorch's (symmetric, written as ZeroPadding2D before valid layers); zero-padding the
/// max pool's input equals PyTorch's −∞ padding there, as it follows a ReLU.
/// </summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(224, 224, 3)]
[ZeroPadding2D(3, Name = "conv1_pad")]
[Conv2D(64, 7, Strides = 2, UseBias = false, Name = "conv1")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn1")]
[Activation(Activation.Relu, Name = "relu")]
[ZeroPadding2D(1, Name = "maxpool_pad")]
[MaxPooling2D(3, Strides = 2, Name = "maxpool")]
[Repeat(typeof(BasicBlock), 2, Name = "layer1_", Filters = 64, FirstIndex = 0)]
[Repeat(typeof(DownsamplingBasicBlock), Name = "layer2_", Filters = 128, Strides = 2, FirstIndex = 0)]
[Repeat(typeof(BasicBlock), Name = "layer2_", Filters = 128)]
[Repeat(typeof(DownsamplingBasicBlock), Name = "layer3_", Filters = 256, Strides = 2, FirstIndex = 0)]
[Repeat(typeof(BasicBlock), Name = "layer3_", Filters = 256)]
[Repeat(typeof(DownsamplingBasicBlock), Name = "layer4_", Filters = 512, Strides = 2, FirstIndex = 0)]
[Repeat(typeof(BasicBlock), Name = "layer4_", Filters = 512)]
[GlobalAveragePooling2D(Name = "avgpool")]
[Dense(1000, Activation.Softmax, Name = "fc")]
public partial class ResNet18;
