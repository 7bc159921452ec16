using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralDsl.Cpu;

namespace NeuralDsl;

/// <summary>
/// Stochastic gradient descent as Keras: <c>v = momentum·v − lr·g</c>, then <c>w += v</c>, or with
/// Nesterov <c>w += momentum·v − lr·g</c>; without momentum simply <c>w −= lr·g</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[] _velocity = [];

    public Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false) : base(learningRate)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    public float Momentum { get; }
    public bool Nesterov { get; }

    internal override IReadOnlyList<(string Name, double Value)> Hyperparameters => [("momentum", Momentum), ("nesterov", Nesterov ? 1 : 0)];

    public override void Reset()
    {
        Array.Clear(_velocity);
        base.Reset();
    }

    /// <summary>Plain SGD keeps no velocity.</summary>
    internal override int MomentCount => Momentum == 0f ? 0 : 1;

    internal override ref float[] MomentBuffer(int index)
    {
        if (index == 0 && MomentCount == 1) return ref _velocity;
        return ref base.MomentBuffer(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Optimizer.Apply
    protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        int n = parameters.Length;
        if (Momentum == 0f)
        {
            SimdDispatch.ForEach(length, new PlainStep(parameters.Slice(start, length), gradients.Slice(start, length), LearningRate));
            return;
        }
        if (_velocity.Length != n) _velocity = new float[n];
        if (Nesterov) SimdDispatch.ForEach(length, new NesterovStep(parameters.Slice(start, length), gradients.Slice(start, length), _velocity.AsSpan(start, length), LearningRate, Momentum));
        else SimdDispatch.ForEach(length, new MomentumStep(parameters.Slice(start, length), gradients.Slice(start, length), _velocity.AsSpan(start, length), LearningRate, Momentum));
    }

    protected override void ClearMoments(int start, int length)
    {
        if (_velocity.Length >= start + length) _velocity.AsSpan(start, length).Clear();
    }

    /// <summary><c>w −= lr·g</c>.</summary>
    private readonly ref struct PlainStep(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate) : IElementwiseStep
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(parameters);
        private readonly ref readonly float _g = ref MemoryMarshal.GetReference(gradients);

        public StepScalars Scalars => new(-learningRate);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint i, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            TV.MultiplyAdd(scalars.First, TV.Load(in _g, i), TV.Load(in _w, i)).Store(ref _w, i);
    }

    /// <summary><c>v = μ·v − lr·g</c>, <c>w += v</c>.</summary>
    private readonly ref struct MomentumStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity,
        float learningRate, float momentum) : IElementwiseStep
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(parameters);
        private readonly ref readonly float _g = ref MemoryMarshal.GetReference(gradients);
        private readonly ref float _v = ref MemoryMarshal.GetReference(velocity);

        public StepScalars Scalars => new(momentum, -learningRate);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint i, in StepScalars<TV> scalars) where TV : struct, ISimd<TV>
        {
            TV momentum = scalars.First, negativeLearningRate = scalars.Second;
            var v = TV.MultiplyAdd(momentum, TV.Load(in _v, i), negativeLearningRate * TV.Load(in _g, i));
            v.Store(ref _v, i);
            (TV.Load(in _w, i) + v).Store(ref _w, i);
        }
    }

    /// <summary><c>v = μ·v − lr·g</c>, <c>w += μ·v − lr·g</c>.</summary>
    private readonly ref struct NesterovStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity,
        float learningRate, float momentum) : IElementwiseStep
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(parameters);
        private readonly ref readonly float _g = ref MemoryMarshal.GetReference(gradients);
        private readonly ref float _v = ref MemoryMarshal.GetReference(velocity);

        public StepScalars Scalars => new(momentum, -learningRate);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint i, in StepScalars<TV> scalars) where TV : struct, ISimd<TV>
        {
            TV momentum = scalars.First, negativeLearningRate = scalars.Second;
            var step = negativeLearningRate * TV.Load(in _g, i);
            var v = TV.MultiplyAdd(momentum, TV.Load(in _v, i), step);
            v.Store(ref _v, i);
            (TV.Load(in _w, i) + TV.MultiplyAdd(momentum, v, step)).Store(ref _w, i);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"SGD(lr={LearningRate}{(Momentum > 0 ? $", momentum={Momentum}" : "")}{(Nesterov ? ", nesterov" : "")})");
}
