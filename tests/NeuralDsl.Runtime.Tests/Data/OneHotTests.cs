namespace NeuralDsl.Runtime.Tests.Data;

public sealed class OneHotTests
{
    [Fact]
    public void Encode_sets_one_value_per_row()
    {
        float[] encoded = OneHot.Encode([2, 0, 1], 3);

        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f }, encoded);
    }

    [Fact]
    public void Decode_takes_the_argmax_of_each_row()
    {
        int[] decoded = OneHot.Decode([0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f, 0.3f, 0.3f, 0.4f], 3);

        Assert.Equal(new[] { 1, 0, 2 }, decoded);
    }

    [Fact]
    public void Decode_prefers_the_first_class_on_ties()
    {
        Assert.Equal(new[] { 0, 1 }, OneHot.Decode([0.5f, 0.5f, 0f, 1f], 2));
    }

    [Fact]
    public void Decode_inverts_Encode()
    {
        int[] labels = [3, 1, 4, 1, 5, 9, 2, 6];

        Assert.Equal(labels, OneHot.Decode(OneHot.Encode(labels, 10), 10));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    public void Encode_rejects_a_label_outside_the_classes_naming_label_and_index(int bad)
    {
        var e = Assert.Throws<ArgumentException>(() => OneHot.Encode([0, 1, bad], 10));
        Assert.Contains($"label {bad} at index 2", e.Message);
        Assert.Contains("[0, 10)", e.Message);
    }

    [Fact]
    public void Encode_and_Decode_reject_non_positive_class_counts()
    {
        Assert.Contains("0", Assert.Throws<ArgumentException>(() => OneHot.Encode([0], 0)).Message);
        Assert.Contains("-2", Assert.Throws<ArgumentException>(() => OneHot.Decode([0f], -2)).Message);
    }

    [Fact]
    public void Decode_rejects_a_partial_row_naming_both_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => OneHot.Decode(new float[25], 10));
        Assert.Contains("25", e.Message);
        Assert.Contains("10 classes", e.Message);
    }
}
