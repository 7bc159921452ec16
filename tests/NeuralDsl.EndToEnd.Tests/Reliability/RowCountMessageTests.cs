namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>Inputs that are not a whole number of rows are refused with a message in plain words, naming the sizes.</summary>
public sealed class RowCountMessageTests
{
    [Fact]
    public void A_partial_row_names_the_values_and_the_row_width()
    {
        var model = new ConcurrentMlp(seed: 1);

        foreach (var call in new Action[] { () => model.Predict(new float[65]), () => model.Fit(new float[65], new int[1]) })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Equal("x", error.ParamName);
            Assert.StartsWith(
                "concurrent_mlp takes rows of 64 inputs (64), but x holds 65 values, which is not a whole number of rows (65 / 64 = 1.016).",
                error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void One_value_is_one_value()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConcurrentMlp(seed: 1).Predict(new float[1]));
        Assert.Contains("but x holds 1 value, which is not a whole number of rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_on_no_rows_says_that_a_row_is_needed()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConcurrentMlp(seed: 1).Fit(ReadOnlySpan<float>.Empty, ReadOnlySpan<int>.Empty));
        Assert.StartsWith("concurrent_mlp takes rows of 64 inputs (64), but x holds 0 values: it needs at least one row.", error.Message, StringComparison.Ordinal);
    }
}
