using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl;

/// <summary>
/// RMSprop as Keras: <c>s = ρ·s + (1 − ρ)·g²</c>, <c>w −= lr·g / sqrt(s + ε)</c>; defaults lr 0.001, ρ 0.9, ε 1e-7.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private float[] _meanSquare = [];

    public RmsProp(float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-7f) : base(learningRate)
    {
        if (!(rho > 0 && rho < 1)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in (0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        Rho = rho;
        Epsilon = epsilon;
    }

    public float Rho { get; }
    public float Epsilon { get; }

    public override void Reset()
    {
        Array.Clear(_meanSquare);
        Iterations = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Optimizer.Apply
    protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        int n = parameters.Length, i = 0;
        if (_meanSquare.Length != n) _meanSquare = new float[n];
        float lr = LearningRate, rho = Rho, eps = Epsilon;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float s = ref MemoryMarshal.GetArrayDataReference(_meanSquare);
        var vRho = Vector512.Create(rho);
        var vOneMinusRho = Vector512.Create(1f - rho);
        var vEps = Vector512.Create(eps);
        var vLr = Vector512.Create(lr);
        for (; i <= n - 16; i += 16)
        {
            var gi = Vector512.LoadUnsafe(ref g, (nuint)i);
            var si = vRho * Vector512.LoadUnsafe(ref s, (nuint)i) + vOneMinusRho * gi * gi;
            si.StoreUnsafe(ref s, (nuint)i);
            (Vector512.LoadUnsafe(ref w, (nuint)i) - vLr * gi / Vector512.Sqrt(si + vEps)).StoreUnsafe(ref w, (nuint)i);
        }
        for (; i < n; i++)
        {
            float gi = gradients[i];
            float si = _meanSquare[i] = rho * _meanSquare[i] + (1f - rho) * gi * gi;
            parameters[i] -= lr * gi / MathF.Sqrt(si + eps);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RMSprop(lr={LearningRate}, rho={Rho})");
}
