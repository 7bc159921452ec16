namespace NeuralDsl.Applications;

/// <summary>
/// torchvision's <c>resnet50()</c> (ResNet v1.5: strides on the bottleneck's 3×3 convolution) declared with the DSL: input
/// 224×224×3 (NHWC), a 7×7 stride-2 stem, a 3×3 stride-2 max pool, four stages of 3, 4, 6 and 3 bottlenecks (64, 128, 256,
/// 512 filters, 4 × that out; each stage starts with a <see cref="DownsamplingBottleneck"/>, of strides 2 from stage 2 on,
/// then <see cref="Bottleneck"/>s), global average pooling (<c>avgpool</c>) and <c>fc</c>, a Dense of 1000 units with the
/// softmax applied. Layer names are torchvision's module paths with <c>_</c> for <c>.</c> (<c>layer1_0_conv1</c>,
/// <c>layer1_0_downsample_0</c>, <c>fc</c>), so <c>LoadWeights(path, WeightMatching.Strict, WeightLayout.PyTorch)</c>
/// reads torchvision's <c>state_dict</c> saved as safetensors. 25,557,032 weights as torchvision counts them, and the
/// BatchNormalization moving statistics (53,120) that Keras also counts. Padding is PyTorch's (symmetric).
/// </summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(224, 224, 3)]
[ZeroPadding2D(3, Name = "conv1_pad")]
[Conv2D(64, 7, Strides = 2, UseBias = false, Name = "conv1")]
[BatchNormalization(Momentum = 0.9, Epsilon = 1e-5, Name = "bn1")]
[Activation(Activation.Relu, Name = "relu")]
[ZeroPadding2D(1, Name = "maxpool_pad")]
[MaxPooling2D(3, Strides = 2, Name = "maxpool")]
[Repeat(typeof(DownsamplingBottleneck), Name = "layer1_", Filters = 64, FirstIndex = 0)]
[Repeat(typeof(Bottleneck), 2, Name = "layer1_", Filters = 64)]
[Repeat(typeof(DownsamplingBottleneck), Name = "layer2_", Filters = 128, Strides = 2, FirstIndex = 0)]
[Repeat(typeof(Bottleneck), 3, Name = "layer2_", Filters = 128)]
[Repeat(typeof(DownsamplingBottleneck), Name = "layer3_", Filters = 256, Strides = 2, FirstIndex = 0)]
[Repeat(typeof(Bottleneck), 5, Name = "layer3_", Filters = 256)]
[Repeat(typeof(DownsamplingBottleneck), Name = "layer4_", Filters = 512, Strides = 2, FirstIndex = 0)]
[Repeat(typeof(Bottleneck), 2, Name = "layer4_", Filters = 512)]
[GlobalAveragePooling2D(Name = "avgpool")]
[Dense(1000, Activation.Softmax, Name = "fc")]
public partial class ResNet50;
