namespace NeuralDsl.Benchmarks;

/// <summary>The tutorial's MLP: two hidden layers of 128 ReLU units, each followed by Dropout(0.3).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class TutorialMlp;

/// <summary>A small CNN: one valid 3×3 convolution with 32 filters, 2×2 max pooling, softmax on top.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(10, Activation.Softmax)]
public partial class SmallCnn;

/// <summary>The tutorial CNN (samples/FashionCnn): two convolution + max-pooling blocks, Dense(128), Dropout, softmax.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class TutorialCnn;

/// <summary>One linear Dense layer whose forward product is 1024 × 1024 × 1024 at 1024 rows (the bias is added in the
/// epilogue), for <see cref="ProductKernelBenchmarks"/>.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(1024)]
[Dense(1024)]
public partial class ProductModel;

/// <summary>A CIFAR-sized stem, convolution → BatchNormalization → ReLU twice, for <see cref="BatchNormalizationFoldBenchmarks"/>:
/// at inference each BatchNormalization is folded into the convolution before it.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(32, 32, 3)]
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(32, 3, Strides = 2, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Activation(Activation.Relu)]
[GlobalAveragePooling2D]
[Dense(10, Activation.Softmax)]
public partial class ConvBatchNormStem;

/// <summary><see cref="ConvBatchNormStem"/> without its BatchNormalization layers (biased convolutions instead).</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(32, 32, 3)]
[Conv2D(16, 3, Padding = Padding.Same)]
[Activation(Activation.Relu)]
[Conv2D(32, 3, Strides = 2, Padding = Padding.Same)]
[Activation(Activation.Relu)]
[GlobalAveragePooling2D]
[Dense(10, Activation.Softmax)]
public partial class ConvStem;
