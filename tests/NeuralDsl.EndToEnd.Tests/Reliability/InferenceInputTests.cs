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

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_non_finite_input_in_a_later_pass_is_named_by_its_row_in_the_call_and_the_first_of_two_in_different_parts_is_named(string backend)
    {
        // 600 rows: on the CPU two parts of 300 rows (passes of 256: rows 0–255 and 256–299, then 300–555 and 556–599),
        // each pass checking its own rows; one pass on OpenCL. Row 270 lies in the first part's second pass, row 310 in the
        // second part's first: the first bad row of the whole call is named, whichever part finishes first.
        var model = ConcurrencyTests.Create("mlp", backend);
        var (x, y) = GradientCheckTests.Batch(model.Info, 600, seed: 5);
        x[310 * ConcurrentMlp.InputSize + 3] = float.NaN;
        x[270 * ConcurrentMlp.InputSize + 9] = float.PositiveInfinity;

        foreach (var call in new Action[] { () => model.Predict(x), () => model.Predict(x, new float[y.Length]), () => model.PredictClasses(x), () => model.Evaluate(x, y) })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Equal("x", error.ParamName);
            Assert.Contains("at row 270, column 9", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Finite_inputs_that_overflow_the_network_are_errors_naming_the_row_not_NaN_outputs(string backend)
    {
        // The report: a 784-128-128-10 model gave NaN rows for inputs of 3e38, and the inference tool printed "NaN %".
        var model = ConcurrencyTests.Create("mlp", backend);
        // A positive first kernel makes the overflow certain in any summation order: every hidden unit is +∞, and the
        // output layer's weights of both signs then give ∞ − ∞.
        var kernel = model.Info.Tensors.Single(t => t.Name == "dense/kernel");
        model.Parameters.Slice(kernel.Offset, kernel.Length).Fill(0.5f);
        var (x, y) = GradientCheckTests.Batch(model.Info, 300, seed: 5); // several passes, split between cores on the CPU
        x.AsSpan(270 * ConcurrentMlp.InputSize, ConcurrentMlp.InputSize).Fill(3e38f);

        foreach (var call in new Action[] { () => model.Predict(x), () => model.Predict(x, new float[y.Length]), () => model.PredictClasses(x), () => model.Evaluate(x, y) })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Equal("x", error.ParamName);
            Assert.Contains("the outputs of row 270 are not finite", error.Message);
            Assert.Contains("largest input magnitude is 3E+38", error.Message);
        }
        var one = new ConcurrentMlp.InputVector();
        ((Span<float>)one).Fill(3e38f);
        var typed = (ConcurrentMlp)model;
        Assert.Contains("the outputs of row 0 are not finite", Assert.Throws<ArgumentException>(() => typed.Predict(in one)).Message);

        // The other rows still predict as before.
        var fine = x.AsSpan(0, 270 * ConcurrentMlp.InputSize).ToArray();
        Assert.All(model.Predict(fine), value => Assert.True(float.IsFinite(value)));
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
