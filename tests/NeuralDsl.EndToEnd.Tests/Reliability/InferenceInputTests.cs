using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>
/// What Predict and Evaluate make of unusual inputs: no rows predict to no outputs (as Keras's <c>predict</c> returns an
/// empty array); a NaN or infinity is an <see cref="ArgumentException"/> that names its row and column, rather than NaN
/// outputs or a NaN loss that name nothing.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class InferenceInputTests
{
    public static TheoryData<string> Backends() => new() { "cpu", "opencl" };

    [Theory]
    [MemberData(nameof(Backends))]
    public void Predict_on_no_rows_returns_no_outputs(string backend)
    {
        var model = ConcurrencyTests.Create("mlp", backend);

        Assert.Empty(model.Predict(ReadOnlySpan<float>.Empty));
        Assert.Empty(model.PredictClasses(ReadOnlySpan<float>.Empty));
        model.Predict(ReadOnlySpan<float>.Empty, Span<float>.Empty);
    }

    [Fact]
    public void Evaluate_on_no_rows_is_an_error_that_says_so()
    {
        // A loss over no rows has no value: Keras's evaluate fails too.
        var model = new ConcurrentMlp(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => model.Evaluate(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
        Assert.Contains("holds 0 values", error.Message);
    }

    [Fact]
    public void A_partial_row_is_still_an_error_for_predict()
    {
        var model = new ConcurrentMlp(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => model.Predict(new float[ConcurrentMlp.InputSize + 1]));
        Assert.Contains("holds 65 values", error.Message);
    }

    [Theory]
    [InlineData("cpu", float.NaN)]
    [InlineData("cpu", float.PositiveInfinity)]
    [InlineData("opencl", float.NegativeInfinity)]
    public void Non_finite_inputs_are_errors_naming_row_and_column(string backend, float bad)
    {
        var model = ConcurrencyTests.Create("mlp", backend);
        var (x, y) = GradientCheckTests.Batch(model.Info, 4, seed: 5);
        x[2 * ConcurrentMlp.InputSize + 7] = bad;

        foreach (var call in new Action[] { () => model.Predict(x), () => model.Predict(x, new float[y.Length]), () => model.PredictClasses(x), () => model.Evaluate(x, y) })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Equal("x", error.ParamName);
            Assert.Contains("row 2, column 7", error.Message);
        }
    }

    [Fact]
    public void Non_finite_targets_are_errors_naming_row_and_column_for_evaluate()
    {
        var model = new ConcurrentMlp(seed: 1);
        var (x, y) = GradientCheckTests.Batch(model.Info, 4, seed: 5);
        y[3 * ConcurrentMlp.OutputSize + 1] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => model.Evaluate(x, y));
        Assert.Equal("y", error.ParamName);
        Assert.Contains("row 3, column 1", error.Message);
    }
}
