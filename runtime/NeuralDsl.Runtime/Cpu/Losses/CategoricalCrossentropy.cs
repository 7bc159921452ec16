namespace NeuralDsl.Cpu;

/// <summary><c>−y·log p</c> with p clipped to [ε, 1 − ε], summed over the columns (one-hot targets; sparse labels are
/// one-hot by the time they reach here); derivative <c>−y / p</c>, 0 where p is clipped.</summary>
public readonly struct CategoricalCrossentropy : ILoss
{
    private const float Epsilon = FormulaConstants.LossEpsilon;

    public static double Value(float p, float y) => y != 0f ? -(y * Math.Log(Math.Clamp(p, Epsilon, 1 - Epsilon))) : 0;

    public static float Derivative(float p, float y) => p < Epsilon || p > 1 - Epsilon ? 0f : -y / p;

    public static bool MeanOverColumns => false;
}
