namespace NeuralDsl.Runtime.Tests.Charts;

public sealed class NiceTicksTests
{
    [Theory]
    [InlineData(1.0, 5, 0.2)]
    [InlineData(0.47, 8, 0.1)]
    [InlineData(19.0, 7, 5.0)]
    [InlineData(1000.0, 4, 500.0)]
    [InlineData(3e-6, 6, 5e-7)]
    public void Step_is_1_2_or_5_times_a_power_of_ten_and_gives_at_most_about_max_count_intervals(double range, int maxCount, double expected)
    {
        double step = NiceTicks.Step(range, maxCount);

        Assert.Equal(expected, step, 1e-12 * expected);
        Assert.True(range / step <= maxCount, $"{range}/{step} > {maxCount}");
    }

    [Fact]
    public void Integer_steps_are_whole_numbers()
    {
        Assert.Equal(1, NiceTicks.Step(3, 10, integer: true));
        Assert.Equal(2, NiceTicks.Step(19, 10, integer: true));
    }

    [Theory]
    [InlineData(0.2277, 0.6702)]
    [InlineData(0.771, 0.922)]
    [InlineData(-3.0, 7.0)]
    [InlineData(1e-7, 3e-7)]
    [InlineData(1234567.0, 9876543.0)]
    public void Domain_holds_the_data_with_a_margin_and_at_least_two_ascending_ticks_inside(double min, double max)
    {
        var (low, high, step) = NiceTicks.Domain(min, max, 8);
        var ticks = NiceTicks.Values(low, high, step);

        Assert.True(low < min && high > max, $"[{low}, {high}] does not strictly hold [{min}, {max}]");
        Assert.InRange(ticks.Count, 2, 20);
        Assert.All(ticks, t => Assert.InRange(t, low, high));
        for (int i = 1; i < ticks.Count; i++) Assert.Equal(step, ticks[i] - ticks[i - 1], step * 1e-9);
        // Every label is distinct, so no two ticks read alike.
        var labels = ticks.Select(t => NiceTicks.Format(t, step, Math.Max(Math.Abs(low), Math.Abs(high)))).ToList();
        Assert.Equal(labels.Count, labels.Distinct().Count());
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.0)]
    [InlineData(-2.5)]
    public void A_constant_series_gets_a_range_around_its_value(double value)
    {
        var (low, high, step) = NiceTicks.Domain(value, value, 8);

        Assert.True(low < value && value < high);
        Assert.True(NiceTicks.Values(low, high, step).Count >= 2);
    }

    [Fact]
    public void Values_are_exact_multiples_without_drift_or_negative_zero()
    {
        var ticks = NiceTicks.Values(-0.3, 0.75, 0.1);

        Assert.Equal([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], ticks);
        Assert.False(double.IsNegative(ticks[3]));
        Assert.Equal(["-0.3", "-0.2", "-0.1", "0.0", "0.1"], ticks.Take(5).Select(t => NiceTicks.Format(t, 0.1)));
    }

    [Theory]
    [InlineData(0.25, 0.05, "0.25")]
    [InlineData(0.3, 0.1, "0.3")]
    [InlineData(15, 5, "15")]
    [InlineData(2000, 500, "2000")]
    [InlineData(3e-7, 1e-7, "3E-7")]
    [InlineData(0.5000002, 1e-7, "5.000002E-1")]
    [InlineData(2e7, 5e6, "2E+7")]
    public void Format_writes_as_many_decimals_as_the_step_needs(double value, double step, string expected) =>
        Assert.Equal(expected, NiceTicks.Format(value, step));

    [Fact]
    public void All_labels_of_an_axis_take_the_form_its_largest_value_needs() =>
        Assert.Equal(["0", "5E+6", "1E+7"], new[] { 0, 5e6, 1e7 }.Select(t => NiceTicks.Format(t, 5e6, largest: 1e7)));

    /// <summary>Data a loss can be: far below 1e-6 (where fixed-point labels all read "0"), denormal, zero, huge, or
    /// constant.</summary>
    [Theory]
    [InlineData(1e-20, 1e-20)]
    [InlineData(1e-17, 1e-16)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.401298464324817e-45, 1e-40)]
    [InlineData(1.401298464324817e-45, 1.401298464324817e-45)]
    [InlineData(1e30, 1e30)]
    [InlineData(1e30, 3e30)]
    [InlineData(-3.4028234663852886e38, 3.4028234663852886e38)]
    [InlineData(1e-30, 1.0)]
    [InlineData(1.0, 1.0000001192092896)]
    [InlineData(-1e-20, 1e-20)]
    [InlineData(12345.678, 12345.678)]
    public void Hostile_data_gets_ticks_inside_the_domain_whose_labels_differ_and_read_back_as_their_values(double min, double max)
    {
        var (low, high, step) = NiceTicks.Domain(min, max, 8);
        var ticks = NiceTicks.Values(low, high, step);

        Assert.True(low < min && high > max, $"[{low}, {high}] does not strictly hold [{min}, {max}]");
        Assert.InRange(ticks.Count, 2, 20);
        Assert.All(ticks, t => Assert.InRange(t, low, high));
        double largest = Math.Max(Math.Abs(low), Math.Abs(high));
        var labels = ticks.Select(t => NiceTicks.Format(t, step, largest)).ToList();
        Assert.True(labels.Distinct().Count() == labels.Count, string.Join(" | ", labels));
        for (int i = 0; i < ticks.Count; i++)
            Assert.Equal(ticks[i], double.Parse(labels[i], System.Globalization.CultureInfo.InvariantCulture), step * 1e-6);
    }

    [Theory]
    [InlineData(1.5e-20, 5e-22, "1.5E-20")]
    [InlineData(1.05e-20, 5e-22, "1.05E-20")]
    [InlineData(-2e-40, 1e-40, "-2E-40")]
    [InlineData(9.95e-21, 5e-23, "9.95E-21")]
    [InlineData(3e30, 5e29, "3E+30")]
    public void Tiny_and_huge_ticks_are_written_with_an_exponent(double value, double step, string expected) =>
        Assert.Equal(expected, NiceTicks.Format(value, step));
}
