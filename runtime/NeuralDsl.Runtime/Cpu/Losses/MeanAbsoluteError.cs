namespace NeuralDsl.Cpu;

/// <summary><c>|p − y|</c>, averaged over the columns; derivative <c>sign(p − y)</c>.</summary>
public readonly struct MeanAbsoluteError : ILoss
{
    public static double Value(float p, float y) => Math.Abs(p - y);

    public static float Derivative(float p, float y) => MathF.Sign(p - y);

    public static bool MeanOverColumns => true;
}
