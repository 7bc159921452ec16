namespace NeuralDsl.Runtime.Tests.Data;

public sealed class LabeledDataTests
{
    private static LabeledData Sample() => new([0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f], [0, 1, 2, 3], featureSize: 2);

    [Fact]
    public void Properties_describe_the_rows()
    {
        LabeledData data = Sample();

        Assert.Equal(4, data.Rows);
        Assert.Equal(2, data.FeatureSize);
        Assert.Equal(new[] { 0, 1, 2, 3 }, data.Labels);
    }

    [Fact]
    public void Take_copies_a_contiguous_range_of_rows()
    {
        LabeledData subset = Sample().Take(1, 2);

        Assert.Equal(2, subset.Rows);
        Assert.Equal(new[] { 2f, 3f, 4f, 5f }, subset.Features);
        Assert.Equal(new[] { 1, 2 }, subset.Labels);
        Assert.Equal(0, Sample().Take(4, 0).Rows);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(3, 2)]
    [InlineData(0, 5)]
    [InlineData(1, -1)]
    public void Take_rejects_ranges_outside_the_data_naming_the_sizes(int start, int count)
    {
        var e = Assert.Throws<ArgumentException>(() => Sample().Take(start, count));
        Assert.Contains($"{count} rows starting at row {start}", e.Message);
        Assert.Contains("4 rows", e.Message);
    }

    [Fact]
    public void OneHotLabels_encodes_the_labels()
    {
        Assert.Equal(new[] { 1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f }, Sample().Take(0, 2).OneHotLabels(4));
    }

    [Fact]
    public void Constructor_rejects_features_that_do_not_match_the_rows()
    {
        var e = Assert.Throws<ArgumentException>(() => new LabeledData(new float[7], [0, 1, 2, 3], 2));
        Assert.Contains("4 labels", e.Message);
        Assert.Contains("8 feature values", e.Message);
        Assert.Contains("7", e.Message);
    }
}
