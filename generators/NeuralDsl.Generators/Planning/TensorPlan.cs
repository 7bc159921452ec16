using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Planning;

/// <summary>One parameter tensor in the model's single buffer: Keras name (<c>dense/kernel</c>), the C#
/// constant holding its offset (<c>DenseKernel</c>), shape, offset, length and initializer.</summary>
internal sealed record TensorPlan(string Name, string OffsetConstant, EquatableArray<int> Shape, int Offset, int Length, Initializer Initializer);
