using NeuralDsl.Applications;

namespace NeuralDsl.EndToEnd.Tests.Pretrained;

// The shipped torchvision ResNets used from another assembly, as a user does: read from the runtime's metadata.

/// <summary>The first tutorial's transfer learning on ResNet-18: its body through avgpool, frozen, and a new two-class head.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Reuse(typeof(ResNet18), Through = "avgpool", Trainable = false)]
[Dense(2, Activation.Softmax, Name = "head")]
public partial class ResNet18TwoClasses;

// Truncated copies, one per checkpoint of torchvision_reference.py: their outputs against torchvision's forward hooks name
// the first part of the network that differs when the full comparison fails.

[Model]
[Reuse(typeof(ResNet18), Through = "maxpool")]
public partial class ResNet18ThroughMaxpool;

[Model]
[Reuse(typeof(ResNet18), Through = "layer1_1_relu2")]
public partial class ResNet18ThroughLayer1;

[Model]
[Reuse(typeof(ResNet18), Through = "layer2_1_relu2")]
public partial class ResNet18ThroughLayer2;

[Model]
[Reuse(typeof(ResNet18), Through = "layer3_1_relu2")]
public partial class ResNet18ThroughLayer3;

[Model]
[Reuse(typeof(ResNet18), Through = "layer4_1_relu2")]
public partial class ResNet18ThroughLayer4;

[Model]
[Reuse(typeof(ResNet50), Through = "maxpool")]
public partial class ResNet50ThroughMaxpool;

[Model]
[Reuse(typeof(ResNet50), Through = "layer1_0_relu3")]
public partial class ResNet50ThroughLayer1Block0;

[Model]
[Reuse(typeof(ResNet50), Through = "layer2_0_relu3")]
public partial class ResNet50ThroughLayer2Block0;
