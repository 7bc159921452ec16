using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The element-wise loops as they were before the width-generic rewrite (ISimd), kept verbatim: Vector512 written
/// by hand, scalar tails. On AVX-512 hardware they measure what the ISimd structs cost; elsewhere their Vector512 is
/// emulated in software.
/// </summary>
public static class PreviousElementwise
{
    public static void SigmoidForward(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = output.Length;
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float or = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            var z = Vector512.LoadUnsafe(ref ir, (nuint)i);
            (Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-z))).StoreUnsafe(ref or, (nuint)i);
        }
        for (; i < n; i++) output[i] = 1f / (1f + MathF.Exp(-input[i]));
    }

    public static void ReluBackward(ReadOnlySpan<float> output, Span<float> gradient)
    {
        int n = gradient.Length;
        ref float ar = ref MemoryMarshal.GetReference(output);
        ref float gr = ref MemoryMarshal.GetReference(gradient);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            var a = Vector512.LoadUnsafe(ref ar, (nuint)i);
            var derivative = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero);
            (Vector512.LoadUnsafe(ref gr, (nuint)i) * derivative).StoreUnsafe(ref gr, (nuint)i);
        }
        for (; i < n; i++) gradient[i] *= output[i] > 0f ? 1f : 0f;
    }

    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = y.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var va = Vector512.Create(alpha);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            var vy = Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i));
            vy.StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>Adam's update with α, 1 − β1, 1 − β2 and ε given.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Adam(Span<float> parameters, ReadOnlySpan<float> gradients, float[] moment, float[] velocity, float alpha, float c1, float c2, float eps)
    {
        int n = parameters.Length, i = 0;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetArrayDataReference(moment);
        ref float v = ref MemoryMarshal.GetArrayDataReference(velocity);
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
            float mi = moment[i] += (gi - moment[i]) * c1;
            float vi = velocity[i] += (gi * gi - velocity[i]) * c2;
            parameters[i] -= alpha * mi / (MathF.Sqrt(vi) + eps);
        }
    }
}
