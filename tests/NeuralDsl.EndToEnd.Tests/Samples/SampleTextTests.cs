namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>The samples' shared formats of what they print: percentages and counts (samples/Shared).</summary>
public sealed class SampleTextTests
{
    [Theory]
    // 3297 of 4000 rows: the float 0.82425 (0.8242499828… in binary), which "P2" printed as 82.42 % in a variant's
    // line while its table, multiplying by 100 in float first, printed 82.43 %.
    [InlineData(0.82425f, "82.43 %")]
    [InlineData(0.8843f, "88.43 %")]
    [InlineData(0.99995f, "100.00 %")]
    [InlineData(1f, "100.00 %")]
    [InlineData(0f, "0.00 %")]
    [InlineData(1e-5f, "0.00 %")]
    [InlineData(float.NaN, "NaN %")]
    public void A_percentage_rounds_the_fraction_as_it_reads_to_two_decimals(float fraction, string expected) =>
        Assert.Equal(expected, Percent.Of(fraction));

    [Fact]
    public void A_double_reads_as_the_same_float_would() =>
        Assert.Equal(Percent.Of(3297f / 4000), Percent.Of(3297.0 / 4000));

    [Theory]
    [InlineData(4000)] // 20 % of 20 000 rows held out: k / 4000 has five decimals, so half the last digit is common
    [InlineData(2000)]
    [InlineData(8)]
    public void The_accuracy_of_k_of_n_rows_is_k_over_n_rounded_by_hand(int rows)
    {
        for (int right = 0; right <= rows; right++)
        {
            decimal exact = Math.Round(right * 100m / rows, 2, MidpointRounding.AwayFromZero);
            Assert.Equal(exact.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " %", Percent.Of((float)right / rows));
        }
    }

    [Theory]
    [InlineData(1, "epoch", null, "1 epoch")]
    [InlineData(2, "epoch", null, "2 epochs")]
    [InlineData(0, "row", null, "0 rows")]
    [InlineData(1, "batch", "batches", "1 batch")]
    [InlineData(3, "batch", "batches", "3 batches")]
    public void A_count_takes_the_singular_only_for_one(long count, string noun, string? plural, string expected) =>
        Assert.Equal(expected, Quantity.Of(count, noun, plural));
}
