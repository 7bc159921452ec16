using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NeuralDsl.EndToEnd.Tests.Onnx;

/// <summary>An exported file run in ONNX Runtime as Predict runs the model: <c>input</c> in, <c>output</c> out, N rows.</summary>
internal static class OnnxRuntimePrediction
{
    /// <summary>What ONNX Runtime computes for <paramref name="x"/>, rows of <paramref name="inputShape"/> (NeuralDsl's
    /// layout), from the file at <paramref name="path"/>; asserts the output's name and its row count.</summary>
    public static float[] Run(string path, float[] x, int[] inputShape)
    {
        int rows = x.Length / inputShape.Aggregate(1, (a, b) => a * b);
        using var session = new InferenceSession(path);
        var input = new DenseTensor<float>(x, [rows, .. inputShape]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var output = Assert.Single(results);
        Assert.Equal("output", output.Name);
        var tensor = output.AsTensor<float>();
        Assert.Equal(rows, tensor.Dimensions[0]);
        return tensor.ToArray();
    }

    /// <summary>Fails naming the output of ONNX Runtime's <paramref name="actual"/> that differs most from Predict's
    /// <paramref name="expected"/>, when one differs by more than <paramref name="tolerance"/> (absolute up to 1 in size,
    /// relative above).</summary>
    public static void AssertClose(float[] expected, float[] actual, double tolerance, int outputSize, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double excess = Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Abs(expected[i]));
            if (excess > worstExcess || double.IsNaN(excess))
            {
                worst = i;
                worstExcess = excess;
                if (double.IsNaN(excess)) break;
            }
        }
        Assert.True(worst < 0 || worstExcess <= tolerance,
            $"{what}: output {worst} (row {worst / outputSize}) is {actual[Math.Max(worst, 0)]} in ONNX Runtime, {expected[Math.Max(worst, 0)]} in Predict " +
            $"(the largest difference; tolerance {tolerance})");
    }
}
