using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    public override void Reset()
    {
        Array.Clear(_velocity);
        Iterations = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Optimizer.Apply
    protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        int n = parameters.Length, i = 0;
        float lr = LearningRate, mu = Momentum;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        if (mu == 0f)
        {
            var vlr = Vector512.Create(-lr);
            for (; i <= n - 16; i += 16)
                Vector512.FusedMultiplyAdd(vlr, Vector512.LoadUnsafe(ref g, (nuint)i), Vector512.LoadUnsafe(ref w, (nuint)i)).StoreUnsafe(ref w, (nuint)i);
            for (; i < n; i++) parameters[i] -= lr * gradients[i];
            return;
        }
        if (_velocity.Length != n) _velocity = new float[n];
        var velocity = _velocity;
        ref float vr = ref MemoryMarshal.GetArrayDataReference(velocity);
        var vmu = Vector512.Create(mu);
        var vlrNeg = Vector512.Create(-lr);
        if (Nesterov)
        {
            for (; i <= n - 16; i += 16)
            {
                var gi = Vector512.LoadUnsafe(ref g, (nuint)i);
                var lrg = vlrNeg * gi;
                var vi = Vector512.FusedMultiplyAdd(vmu, Vector512.LoadUnsafe(ref vr, (nuint)i), lrg);
                vi.StoreUnsafe(ref vr, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) + Vector512.FusedMultiplyAdd(vmu, vi, lrg)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        else
        {
            for (; i <= n - 16; i += 16)
            {
                var vi = Vector512.FusedMultiplyAdd(vmu, Vector512.LoadUnsafe(ref vr, (nuint)i), vlrNeg * Vector512.LoadUnsafe(ref g, (nuint)i));
                vi.StoreUnsafe(ref vr, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) + vi).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = velocity[i] = mu * velocity[i] - lr * gradients[i];
            parameters[i] += Nesterov ? mu * v - lr * gradients[i] : v;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"SGD(lr={LearningRate}{(Momentum > 0 ? $", momentum={Momentum}" : "")}{(Nesterov ? ", nesterov" : "")})");
}
