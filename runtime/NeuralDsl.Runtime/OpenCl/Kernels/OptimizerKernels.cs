namespace NeuralDsl.OpenCl.Kernels;

/// <summary>
/// OpenCL C for the optimizer updates, one work-item per parameter, with exactly the formulas of the CPU
/// optimizers (<see cref="Sgd"/>, <see cref="RmsProp"/>, <see cref="Adam"/>). Constants such as <c>1 − ρ</c> and
/// Adam's step size <c>α = lr·sqrt(1 − β2^t)/(1 − β1^t)</c> are computed on the host, as the CPU code does, and
/// passed as arguments. Every kernel takes the range it updates last (its first parameter and the index past its last,
/// so that a frozen layer's parameters are left out) and ignores work-items past it.
/// </summary>
public static class OptimizerKernels
{
    public const string Sgd = "sgd";
    public const string SgdMomentum = "sgd_momentum";
    public const string SgdNesterov = "sgd_nesterov";
    public const string RmsProp = "rmsprop";
    public const string Adam = "adam";

    /// <summary>The program source; build it with <see cref="OpenClContext.DefaultBuildOptions"/>.</summary>
    public const string Source = """
        // w -= lr * g
        __kernel void sgd(__global float* w, __global const float* g, const float lr, const int first, const int end)
        {
            const int i = first + (int)get_global_id(0);
            if (i >= end) return;
            w[i] -= lr * g[i];
        }

        // v = mu * v - lr * g; w += v
        __kernel void sgd_momentum(__global float* w, __global const float* g, __global float* v,
                                   const float lr, const float mu, const int first, const int end)
        {
            const int i = first + (int)get_global_id(0);
            if (i >= end) return;
            const float vi = mu * v[i] - lr * g[i];
            v[i] = vi;
            w[i] += vi;
        }

        // v = mu * v - lr * g; w += mu * v - lr * g
        __kernel void sgd_nesterov(__global float* w, __global const float* g, __global float* v,
                                   const float lr, const float mu, const int first, const int end)
        {
            const int i = first + (int)get_global_id(0);
            if (i >= end) return;
            const float lrg = lr * g[i];
            const float vi = mu * v[i] - lrg;
            v[i] = vi;
            w[i] += mu * vi - lrg;
        }

        // s = rho * s + (1 - rho) * g^2; w -= lr * g / sqrt(s + eps)
        __kernel void rmsprop(__global float* w, __global const float* g, __global float* s,
                              const float lr, const float rho, const float one_minus_rho, const float eps, const int first, const int end)
        {
            const int i = first + (int)get_global_id(0);
            if (i >= end) return;
            const float gi = g[i];
            const float si = rho * s[i] + one_minus_rho * gi * gi;
            s[i] = si;
            w[i] -= lr * gi / sqrt(si + eps);
        }

        // m += (g - m) * (1 - beta1); v += (g^2 - v) * (1 - beta2); w -= alpha * m / (sqrt(v) + eps)
        __kernel void adam(__global float* w, __global const float* g, __global float* m, __global float* v,
                           const float alpha, const float c1, const float c2, const float eps, const int first, const int end)
        {
            const int i = first + (int)get_global_id(0);
            if (i >= end) return;
            const float gi = g[i];
            const float mi = m[i] + (gi - m[i]) * c1;
            const float vi = v[i] + (gi * gi - v[i]) * c2;
            m[i] = mi;
            v[i] = vi;
            w[i] -= alpha * mi / (sqrt(vi) + eps);
        }
        """;
}
