namespace NeuralDsl.Runtime.Tests.Data;

public sealed class ScalingTests
{
    [Fact]
    public void FromBytes_divides_by_255()
    {
        float[] values = Scaling.FromBytes([0, 51, 255]);

        Assert.Equal(new[] { 0f, 0.2f, 1f }, values);
    }

    [Fact]
    public void ToUnitRange_maps_min_to_zero_and_max_to_one()
    {
        float[] values = [-2f, 0f, 2f, 6f];

        Scaling.ToUnitRange(values, -2f, 6f);

        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 1f }, values);
    }

    [Theory]
    [InlineData(1f, 1f)]
    [InlineData(2f, 1f)]
    [InlineData(float.NaN, 1f)]
    [InlineData(0f, float.PositiveInfinity)]
    public void ToUnitRange_rejects_an_empty_or_non_finite_range(float min, float max)
    {
        var e = Assert.Throws<ArgumentException>(() => Scaling.ToUnitRange(new float[1], min, max));
        Assert.Contains("max > min", e.Message);
    }
}
