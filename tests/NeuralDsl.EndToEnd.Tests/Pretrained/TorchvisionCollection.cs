namespace NeuralDsl.EndToEnd.Tests.Pretrained;

/// <summary>The tests that read torchvision's references share one <see cref="TorchvisionReference"/>: the script that
/// builds them runs once per test run, not once per test class.</summary>
[CollectionDefinition(Name)]
public sealed class TorchvisionCollection : ICollectionFixture<TorchvisionReference>
{
    public const string Name = "torchvision references";
}
