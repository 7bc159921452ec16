using NeuralDsl.Distributed;

namespace NeuralDsl.Runtime.Tests.Distributed;

/// <summary>Issue 20, item 15: data-parallel Fit compares a checksum of every rank's data, which must change when rows are
/// reordered at any distance (a position-weighted sum whose weights repeated every 1024 values missed swaps of rows
/// 256 × 12 or 512 × 784 values apart) and when any one value changes.</summary>
public sealed class DataChecksumTests
{
    private static readonly int[] Distances = [1, 2, 3, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 2048, 4096, 4999];

    /// <summary>Whole numbers, like pixel values, so that every position-weighted sum of them is exact (a swap that such a
    /// sum cannot see is not hidden by a lucky rounding); each row starts with its index, so no two rows are equal.</summary>
    private static float[] Rows(int rows, int width, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * width];
        for (int i = 0; i < values.Length; i++) values[i] = i % width == 0 ? i / width : random.Next(256);
        return values;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(784)]
    public void Swapping_two_different_rows_changes_the_checksum_at_every_distance(int width)
    {
        const int rows = 5000;
        var values = Rows(rows, width, seed: width);
        var original = DataChecksum.Of(values);
        var kept = new float[width];
        void Swap(int first, int second)
        {
            var a = values.AsSpan(first * width, width);
            var b = values.AsSpan(second * width, width);
            a.CopyTo(kept);
            b.CopyTo(a);
            kept.CopyTo(b);
        }
        foreach (int distance in Distances)
            foreach (int first in new[] { 0, Math.Min(7, rows - 1 - distance), rows - 1 - distance })
            {
                Swap(first, first + distance);
                Assert.True(!original.Equals(DataChecksum.Of(values)), $"rows {first} and {first + distance} of {width} values swapped: the checksum did not change");
                Swap(first, first + distance);
                Assert.Equal(original, DataChecksum.Of(values)); // swapped back
            }
    }

    [Fact]
    public void Changing_any_one_value_by_its_smallest_step_changes_the_checksum()
    {
        var values = Rows(3000, 1, seed: 3);
        var original = DataChecksum.Of(values);
        foreach (int position in new[] { 0, 1, 511, 512, 1023, 1024, 1025, 2047, 2999 })
        {
            float kept = values[position];
            values[position] = MathF.BitIncrement(kept);
            Assert.True(!original.Equals(DataChecksum.Of(values)), $"value {position} changed: the checksum did not change");
            values[position] = kept;
        }
    }

    [Fact]
    public void Equal_data_has_equal_checksums_and_other_lengths_differ()
    {
        var values = Rows(100, 3, seed: 4);

        Assert.Equal(DataChecksum.Of(values), DataChecksum.Of(values.ToArray()));
        Assert.NotEqual(DataChecksum.Of(values), DataChecksum.Of(values.AsSpan(0, 297)));
        // Trailing zeros are data too: 300 values are not the same data as the first 299 with one more 0.
        var zeros = new float[8];
        Assert.NotEqual(DataChecksum.Of(zeros), DataChecksum.Of(zeros.AsSpan(0, 7)));
    }
}
