using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralDsl.Cpu;

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

    internal override IReadOnlyList<(string Name, double Value)> Hyperparameters => [("rho", Rho), ("epsilon", Epsilon)];

    public override void Reset()
    {
        Array.Clear(_meanSquare);
        base.Reset();
    }

    internal override int MomentCount => 1;

    internal override ref float[] MomentBuffer(int index)
    {
        if (index == 0) return ref _meanSquare;
        return ref base.MomentBuffer(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Optimizer.Apply
    protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        int n = parameters.Length;
        if (_meanSquare.Length != n) _meanSquare = new float[n];
        SimdDispatch.ForEach(length, new UpdateStep(parameters.Slice(start, length), gradients.Slice(start, length), _meanSquare.AsSpan(start, length), LearningRate, Rho, Epsilon));
    }

    protected override void ClearMoments(int start, int length)
    {
        if (_meanSquare.Length >= start + length) _meanSquare.AsSpan(start, length).Clear();
    }

    private readonly ref struct UpdateStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> meanSquare,
        float learningRate, float rho, float epsilon) : IElementwiseStep
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(parameters);
        private readonly ref readonly float _g = ref MemoryMarshal.GetReference(gradients);
        private readonly ref float _s = ref MemoryMarshal.GetReference(meanSquare);

        public StepScalars Scalars => new(learningRate, rho, 1f - rho, epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint i, in StepScalars<TV> scalars) where TV : struct, ISimd<TV>
        {
            TV learningRate = scalars.First, rho = scalars.Second, oneMinusRho = scalars.Third, epsilon = scalars.Fourth;
            var g = TV.Load(in _g, i);
            var s = rho * TV.Load(in _s, i) + oneMinusRho * g * g;
            s.Store(ref _s, i);
            (TV.Load(in _w, i) - learningRate * g / TV.Sqrt(s + epsilon)).Store(ref _w, i);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RMSprop(lr={LearningRate}, rho={Rho})");
}
