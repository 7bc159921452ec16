using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl;

/// <summary>
/// Adam as Keras writes it: <c>m += (g − m)(1 − β1)</c>, <c>v += (g² − v)(1 − β2)</c>,
/// <c>w −= α·m / (sqrt(v) + ε)</c> with <c>α = lr·sqrt(1 − β2^t) / (1 − β1^t)</c>;
/// defaults lr 0.001, β1 0.9, β2 0.999, ε 1e-7.
/// </summary>
public sealed class Adam : Optimizer
{
    private float[] _m = [], _v = [];

    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : base(learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }

    public override void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        Iterations = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Optimizer.Apply
    protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        int n = parameters.Length, i = 0;
        if (_m.Length != n)
        {
            _m = new float[n];
            _v = new float[n];
        }
        float alpha = StepSize(Iterations + 1);
        float c1 = 1f - Beta1, c2 = 1f - Beta2, eps = Epsilon;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetArrayDataReference(_m);
        ref float v = ref MemoryMarshal.GetArrayDataReference(_v);
        var vc1 = Vector512.Create(c1);
        var vc2 = Vector512.Create(c2);
        var vEps = Vector512.Create(eps);
        var vAlpha = Vector512.Create(alpha);
        for (; i <= n - 16; i += 16)
        {
            var gi = Vector512.LoadUnsafe(ref g, (nuint)i);
            var mi = Vector512.LoadUnsafe(ref m, (nuint)i);
            var vi = Vector512.LoadUnsafe(ref v, (nuint)i);
            mi += (gi - mi) * vc1;
            vi += (gi * gi - vi) * vc2;
            mi.StoreUnsafe(ref m, (nuint)i);
            vi.StoreUnsafe(ref v, (nuint)i);
            (Vector512.LoadUnsafe(ref w, (nuint)i) - vAlpha * mi / (Vector512.Sqrt(vi) + vEps)).StoreUnsafe(ref w, (nuint)i);
        }
        for (; i < n; i++)
        {
            float gi = gradients[i];
            float mi = _m[i] += (gi - _m[i]) * c1;
            float vi = _v[i] += (gi * gi - _v[i]) * c2;
            parameters[i] -= alpha * mi / (MathF.Sqrt(vi) + eps);
        }
    }

    /// <summary>The bias-corrected step size of update <paramref name="step"/> (1-based): <c>α = lr·sqrt(1 − β2^t) / (1 − β1^t)</c>.</summary>
    internal float StepSize(long step) => (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Adam(lr={LearningRate})");
}
