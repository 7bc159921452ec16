using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class ConcatenateMathTests
{
    // rows, positions, then the parts' channel counts
    public static TheoryData<int, int, int[]> Joins => new()
    {
        { 1, 1, [1, 1] },
        { 5, 6, [3, 17] },
        { 5, 4, [33, 1, 3] },
        { 1, 9, [17, 33] },
        { 5, 2, [17] },
    };

    [Theory]
    [MemberData(nameof(Joins))]
    public void Forward_joins_the_parts_on_the_last_axis(int rows, int positions, int[] parts)
    {
        int total = parts.Sum();
        float[][] inputs = parts.Select((channels, i) => TestMath.Random(rows * positions * channels, 61 + i)).ToArray();
        var expected = new double[rows * positions * total];
        for (int p = 0; p < rows * positions; p++)
        {
            int at = p * total;
            for (int i = 0; i < parts.Length; i++)
                for (int c = 0; c < parts[i]; c++) expected[at++] = inputs[i][p * parts[i] + c];
        }
        var output = new float[expected.Length];
        output.AsSpan().Fill(float.NaN);

        for (int i = 0, offset = 0; i < parts.Length; offset += parts[i], i++)
            ConcatenateMath.ForwardPart(inputs[i], output, rows, positions, parts[i], offset, total);

        TestMath.AssertClose(expected, output, 0, 0, "output");
    }

    [Theory]
    [MemberData(nameof(Joins))]
    public void Backward_is_the_adjoint_of_forward(int rows, int positions, int[] parts)
    {
        int total = parts.Sum();
        float[] g = TestMath.Random(rows * positions * total, 62);
        for (int i = 0, offset = 0; i < parts.Length; offset += parts[i], i++)
        {
            // Forward of this part alone (the others zero): ⟨F x, g⟩ = ⟨x, Fᵀ g⟩, and Fᵀ g is this part's slot of g.
            float[] x = TestMath.Random(rows * positions * parts[i], 63 + i);
            var output = new float[g.Length];
            ConcatenateMath.ForwardPart(x, output, rows, positions, parts[i], offset, total);
            var dx = new float[x.Length];
            dx.AsSpan().Fill(float.NaN);

            ConcatenateMath.BackwardPart(g, dx, rows, positions, parts[i], offset, total);

            Assert.Equal(TestMath.WeightedSum(output, g), TestMath.WeightedSum(dx, x), 1e-9);
            for (int j = 0; j < x.Length; j++) Assert.Equal(g[j / parts[i] * total + offset + j % parts[i]], dx[j]);
        }
    }

    [Fact]
    public void A_slot_outside_the_output_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConcatenateMath.ForwardPart(new float[4], new float[8], 1, 2, 2, 3, 4));
    }
}
