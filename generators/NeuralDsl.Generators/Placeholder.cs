namespace NeuralDsl.Generators
{
    internal static class Placeholder { }
}
