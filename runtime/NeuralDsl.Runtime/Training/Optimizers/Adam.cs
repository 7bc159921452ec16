using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralDsl.Cpu;

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

    internal override IReadOnlyList<(string Name, double Value)> Hyperparameters => [("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon)];

    public override void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        base.Reset();
    }

    internal override int MomentCount => 2;

    internal override ref float[] MomentBuffer(int index)
    {
        if (index == 0) return ref _m;
        if (index == 1) return ref _v;
        return ref base.MomentBuffer(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Optimizer.Apply
    protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        int n = parameters.Length;
        if (_m.Length != n)
        {
            _m = new float[n];
            _v = new float[n];
        }
        SimdDispatch.ForEach(length, new UpdateStep(parameters.Slice(start, length), gradients.Slice(start, length), _m.AsSpan(start, length), _v.AsSpan(start, length), StepSize(Iterations + 1), 1f - Beta1, 1f - Beta2, Epsilon));
    }

    protected override void ClearMoments(int start, int length)
    {
        if (_m.Length >= start + length) _m.AsSpan(start, length).Clear();
        if (_v.Length >= start + length) _v.AsSpan(start, length).Clear();
    }

    private readonly ref struct UpdateStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        float alpha, float c1, float c2, float epsilon) : IElementwiseStep
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(parameters);
        private readonly ref readonly float _g = ref MemoryMarshal.GetReference(gradients);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly ref float _v = ref MemoryMarshal.GetReference(v);

        public StepScalars Scalars => new(alpha, c1, c2, epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint i, in StepScalars<TV> scalars) where TV : struct, ISimd<TV>
        {
            TV alpha = scalars.First, c1 = scalars.Second, c2 = scalars.Third, epsilon = scalars.Fourth;
            var g = TV.Load(in _g, i);
            var m = TV.Load(in _m, i);
            var v = TV.Load(in _v, i);
            m += (g - m) * c1;
            v += (g * g - v) * c2;
            m.Store(ref _m, i);
            v.Store(ref _v, i);
            (TV.Load(in _w, i) - alpha * m / (TV.Sqrt(v) + epsilon)).Store(ref _w, i);
        }
    }

    /// <summary>The bias-corrected step size of update <paramref name="step"/> (1-based): <c>α = lr·sqrt(1 − β2^t) / (1 − β1^t)</c>.</summary>
    internal float StepSize(long step) => (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Adam(lr={LearningRate})");
}
