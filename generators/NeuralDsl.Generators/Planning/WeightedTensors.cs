using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Planning;

/// <summary>The tensors of a layer with weights (Dense, Conv2D): Keras's <c>kernel</c>, then the <c>bias</c> when it has one.</summary>
internal static class WeightedTensors
{
    public static IEnumerable<TensorSpec> Of(WeightOptions options, EquatableArray<int> kernelShape, int units)
    {
        yield return new TensorSpec("kernel", kernelShape, options.KernelInitializer);
        if (options.UseBias) yield return new TensorSpec("bias", EquatableArray.Of(units), options.BiasInitializer);
    }
}
