using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

/// <summary>The vectorised finiteness test agrees with <see cref="float.IsFinite"/> for every special value at every
/// position, in the vector body and in the scalar tail.</summary>
public sealed class FiniteCheckTests
{
    private static readonly float[] Finite = [0f, -0f, 1f, -1f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1e-40f, 3.4e38f];

    private static readonly float[] NonFinite =
        [float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7F80_0001), BitConverter.Int32BitsToSingle(unchecked((int)0xFFFF_FFFF))];

    [Fact]
    public void Finite_values_pass_at_every_length()
    {
        for (int length = 0; length <= 70; length++)
        {
            var values = Enumerable.Range(0, length).Select(i => Finite[i % Finite.Length]).ToArray();
            Assert.True(FiniteCheck.All(values), $"length {length}");
        }
    }

    [Fact]
    public void Any_non_finite_value_at_any_position_fails()
    {
        foreach (int length in new[] { 1, 7, 16, 33, 70 })
            foreach (float bad in NonFinite)
                for (int at = 0; at < length; at++)
                {
                    var values = Enumerable.Range(0, length).Select(i => Finite[i % Finite.Length]).ToArray();
                    values[at] = bad;
                    Assert.False(FiniteCheck.All(values), $"{bad} at {at} of {length}");
                }
    }
}
