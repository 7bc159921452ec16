namespace NeuralDsl.Cpu;

/// <summary><c>(p − y)²</c>, averaged over the columns; derivative <c>2(p − y)</c>.</summary>
public readonly struct MeanSquaredError : ILoss
{
    public static double Value(float p, float y)
    {
        double d = p - y;
        return d * d;
    }

    public static float Derivative(float p, float y) => 2f * (p - y);

    public static bool MeanOverColumns => true;
}
