namespace NeuralDsl.Cpu;

/// <summary><c>−y·log p − (1 − y)·log(1 − p)</c> with p clipped to [ε, 1 − ε], averaged over the columns; derivative
/// <c>(p − y) / (p(1 − p))</c>, 0 where p is clipped.</summary>
public readonly struct BinaryCrossentropy : ILoss
{
    private const float Epsilon = FormulaConstants.LossEpsilon;

    public static double Value(float p, float y)
    {
        double clipped = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return -(y * Math.Log(clipped) + (1 - (double)y) * Math.Log(1 - clipped));
    }

    public static float Derivative(float p, float y) => p < Epsilon || p > 1 - Epsilon ? 0f : (p - y) / (p * (1 - p));

    public static bool MeanOverColumns => true;
}
