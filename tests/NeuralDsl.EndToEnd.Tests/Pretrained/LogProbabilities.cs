namespace NeuralDsl.EndToEnd.Tests.Pretrained;

/// <summary>Probabilities (NeuralDsl's and ONNX Runtime's softmax outputs) against torchvision's log-softmax outputs.</summary>
internal static class LogProbabilities
{
    /// <summary>Within this of torchvision's log-probabilities: float32 sums over thousands of terms in another order, through
    /// 18 or 50 layers.</summary>
    public const double Tolerance = 2e-3;

    /// <summary>The output whose log differs most from <paramref name="expected"/>, and by how much.</summary>
    public static (int Worst, double Difference) WorstDifference(float[] probabilities, float[] expected)
    {
        Assert.Equal(expected.Length, probabilities.Length);
        int worst = 0;
        double difference = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(Math.Log(probabilities[i]) - expected[i]);
            if (d > difference || double.IsNaN(d))
            {
                worst = i;
                difference = d;
                if (double.IsNaN(d)) break;
            }
        }
        return (worst, difference);
    }
}
