using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// Batch normalization over channels-last data (<c>rows × positions × channels</c>, positions = height·width, 1 for a
/// dense layer's output), as Keras 3's <c>BatchNormalization</c>: per-channel statistics over all rows and positions,
/// <c>y = γ·(x − μ)/√(σ² + ε) + β</c>. An empty gamma means γ = 1, an empty beta β = 0 (Keras's <c>scale=False</c>,
/// <c>center=False</c>).
/// </summary>
/// <remarks>Statistics and parameter gradients are summed in double (<see cref="ChannelSums"/>); the element-wise passes run
/// a vector of channels at a time.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNormalizationMath
{
    /// <summary>
    /// The training pass: normalizes with the batch's own mean and biased variance. Writes <paramref name="normalized"/>
    /// (x̂ = (x − μ)/√(σ² + ε), kept for <see cref="TrainingBackward"/>), <paramref name="inverseStd"/> (1/√(σ² + ε) per
    /// channel) and <paramref name="output"/> (γ·x̂ + β; it may be <paramref name="x"/> itself). With
    /// <paramref name="updateMovingStatistics"/>, moves the moving statistics as Keras 3 does:
    /// <c>moving = moving·momentum + batch·(1 − momentum)</c>, the variance being the biased one too.
    /// </summary>
    public static void TrainingForward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> movingMean, Span<float> movingVariance, Span<float> normalized, Span<float> inverseStd, Span<float> output,
        int rows, int positions, int channels, float momentum, float epsilon, bool updateMovingStatistics)
    {
        int count = Count(rows, positions, channels);
        if (count == 0) throw new ArgumentException("Batch statistics need at least one value per channel: rows × positions is 0.", nameof(rows));
        int values = count * channels;
        Require(x.Length, values, nameof(x));
        Require(normalized.Length, values, nameof(normalized));
        Require(output.Length, values, nameof(output));
        Require(inverseStd.Length, channels, nameof(inverseStd));
        RequireOptional(gamma.Length, channels, nameof(gamma));
        RequireOptional(beta.Length, channels, nameof(beta));
        if (updateMovingStatistics)
        {
            Require(movingMean.Length, channels, nameof(movingMean));
            Require(movingVariance.Length, channels, nameof(movingVariance));
        }

        // Doubles: shift (the first position's values, so the sums are of small differences), Σ d, Σ d². Floats: μ, γ, β.
        int length = ChannelScratch.Length(3 * channels, 3 * channels);
        using var scratch = new ChannelScratch(length <= ChannelScratch.StackDoubles ? stackalloc double[length] : default, length);
        Span<double> shift = scratch.DoubleRun(0, channels), sum = scratch.DoubleRun(1, channels), squares = scratch.DoubleRun(2, channels);
        Span<float> mean = scratch.FloatRun(3 * channels, 0, channels);
        Span<float> scale = scratch.FloatRun(3 * channels, 1, channels), offset = scratch.FloatRun(3 * channels, 2, channels);

        for (int c = 0; c < channels; c++) shift[c] = x[c];
        ChannelSums.Accumulate(x, shift, x, shift, sum, squares, count);
        double momentumD = momentum, n = count;
        for (int c = 0; c < channels; c++)
        {
            double meanShift = sum[c] / n;
            double batchMean = shift[c] + meanShift;
            double batchVariance = Math.Max(0, squares[c] / n - meanShift * meanShift);
            mean[c] = (float)batchMean;
            inverseStd[c] = (float)(1 / Math.Sqrt(batchVariance + epsilon));
            if (updateMovingStatistics)
            {
                movingMean[c] = (float)(movingMean[c] * momentumD + batchMean * (1 - momentumD));
                movingVariance[c] = (float)(movingVariance[c] * momentumD + batchVariance * (1 - momentumD));
            }
        }
        GammaAndBeta(gamma, beta, scale, offset);
        ChannelLoop.Run(count, channels, new NormalizeStep(x, mean, inverseStd, scale, offset, normalized, output));
    }

    /// <summary>The inference pass (and the training pass of a frozen layer): normalizes with the moving statistics,
    /// <c>y = γ·(x − μ)/√(σ² + ε) + β</c>. <paramref name="output"/> may be <paramref name="x"/> itself.</summary>
    public static void InferenceForward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, Span<float> output,
        int rows, int positions, int channels, float epsilon)
    {
        int count = Count(rows, positions, channels), values = count * channels;
        Require(x.Length, values, nameof(x));
        Require(output.Length, values, nameof(output));
        Require(movingMean.Length, channels, nameof(movingMean));
        Require(movingVariance.Length, channels, nameof(movingVariance));
        RequireOptional(gamma.Length, channels, nameof(gamma));
        RequireOptional(beta.Length, channels, nameof(beta));

        // Floats: γ/√(σ² + ε), β.
        int length = ChannelScratch.Length(0, 2 * channels);
        using var scratch = new ChannelScratch(length <= ChannelScratch.StackDoubles ? stackalloc double[length] : default, length);
        Span<float> scale = scratch.FloatRun(0, 0, channels), offset = scratch.FloatRun(0, 1, channels);
        GammaAndBeta(gamma, beta, scale, offset);
        for (int c = 0; c < channels; c++) scale[c] = (float)(scale[c] / Math.Sqrt((double)movingVariance[c] + epsilon));
        ChannelLoop.Run(count, channels, new ScaleShiftStep(x, movingMean, scale, offset, output));
    }

    /// <summary>
    /// Backward through <see cref="TrainingForward"/> (the batch statistics depend on x). Overwrites, each only where its
    /// span is not empty: <c>gammaGradient = Σ dy·x̂</c>, <c>betaGradient = Σ dy</c> (sums over rows and positions), and
    /// <c>inputGradient = γ·invStd/N·(N·dy − Σdy − x̂·Σ(dy·x̂))</c> with N = rows·positions; the input gradient may be
    /// <paramref name="outputGradient"/> itself.
    /// </summary>
    public static void TrainingBackward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> outputGradient, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient,
        int rows, int positions, int channels)
    {
        int count = Count(rows, positions, channels), values = count * channels;
        Require(normalized.Length, values, nameof(normalized));
        Require(outputGradient.Length, values, nameof(outputGradient));
        Require(inverseStd.Length, channels, nameof(inverseStd));
        RequireOptional(gamma.Length, channels, nameof(gamma));
        RequireOptional(gammaGradient.Length, channels, nameof(gammaGradient));
        RequireOptional(betaGradient.Length, channels, nameof(betaGradient));
        RequireOptional(inputGradient.Length, values, nameof(inputGradient));

        // Doubles: zero centers, Σ dy, Σ dy·x̂. Floats: the three coefficients of dx = a·((dy + c) + x̂·b).
        int length = ChannelScratch.Length(3 * channels, 3 * channels);
        using var scratch = new ChannelScratch(length <= ChannelScratch.StackDoubles ? stackalloc double[length] : default, length);
        Span<double> zero = scratch.DoubleRun(0, channels), sumDy = scratch.DoubleRun(1, channels), sumDyXhat = scratch.DoubleRun(2, channels);
        ChannelSums.Accumulate(outputGradient, zero, normalized, zero, sumDy, sumDyXhat, count);
        WriteParameterGradients(sumDyXhat, sumDy, gammaGradient, betaGradient);
        if (inputGradient.IsEmpty || count == 0) return;

        Span<float> dyFactor = scratch.FloatRun(3 * channels, 0, channels);
        Span<float> xhatFactor = scratch.FloatRun(3 * channels, 1, channels), constant = scratch.FloatRun(3 * channels, 2, channels);
        double n = count;
        for (int c = 0; c < channels; c++)
        {
            // dx = a·(dy − mean(dy) − x̂·mean(dy·x̂)): the means are subtracted before scaling, so a batch of one value per
            // channel (dy − dy) gives exactly 0, as its true gradient is, rather than a's rounding of it.
            dyFactor[c] = (float)((gamma.IsEmpty ? 1.0 : gamma[c]) * (double)inverseStd[c]);
            xhatFactor[c] = (float)(-sumDyXhat[c] / n);
            constant[c] = (float)(-sumDy[c] / n);
        }
        ChannelLoop.Run(count, channels, new TrainingBackwardStep(outputGradient, normalized, dyFactor, xhatFactor, constant, inputGradient));
    }

    /// <summary>
    /// Backward through <see cref="InferenceForward"/> (a frozen layer, as Keras 3 runs one: the moving statistics are
    /// constants). Overwrites, each only where its span is not empty: <c>inputGradient = dy·γ/√(σ² + ε)</c> (it may be
    /// <paramref name="outputGradient"/> itself), <c>gammaGradient = Σ dy·(x − μ)/√(σ² + ε)</c>, <c>betaGradient = Σ dy</c>.
    /// </summary>
    public static void InferenceBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> movingMean,
        ReadOnlySpan<float> movingVariance, ReadOnlySpan<float> outputGradient, Span<float> gammaGradient, Span<float> betaGradient,
        Span<float> inputGradient, int rows, int positions, int channels, float epsilon)
    {
        int count = Count(rows, positions, channels), values = count * channels;
        Require(outputGradient.Length, values, nameof(outputGradient));
        Require(movingMean.Length, channels, nameof(movingMean));
        Require(movingVariance.Length, channels, nameof(movingVariance));
        RequireOptional(gamma.Length, channels, nameof(gamma));
        RequireOptional(gammaGradient.Length, channels, nameof(gammaGradient));
        RequireOptional(betaGradient.Length, channels, nameof(betaGradient));
        RequireOptional(inputGradient.Length, values, nameof(inputGradient));
        bool parameters = !gammaGradient.IsEmpty || !betaGradient.IsEmpty;
        if (parameters) Require(x.Length, values, nameof(x));

        // Doubles: zero centers, μ, Σ dy, Σ dy·(x − μ). Floats: γ/√(σ² + ε).
        int length = ChannelScratch.Length(4 * channels, channels);
        using var scratch = new ChannelScratch(length <= ChannelScratch.StackDoubles ? stackalloc double[length] : default, length);
        if (parameters)
        {
            Span<double> zero = scratch.DoubleRun(0, channels), mean = scratch.DoubleRun(1, channels);
            Span<double> sumDy = scratch.DoubleRun(2, channels), sumDyCentered = scratch.DoubleRun(3, channels);
            for (int c = 0; c < channels; c++) mean[c] = movingMean[c];
            ChannelSums.Accumulate(outputGradient, zero, x, mean, sumDy, sumDyCentered, count);
            for (int c = 0; c < channels; c++) sumDyCentered[c] /= Math.Sqrt((double)movingVariance[c] + epsilon);
            WriteParameterGradients(sumDyCentered, sumDy, gammaGradient, betaGradient);
        }
        if (inputGradient.IsEmpty) return;

        Span<float> factor = scratch.FloatRun(4 * channels, 0, channels);
        for (int c = 0; c < channels; c++)
            factor[c] = (float)((gamma.IsEmpty ? 1.0 : gamma[c]) / Math.Sqrt((double)movingVariance[c] + epsilon));
        ChannelLoop.Run(count, channels, new MultiplyStep(outputGradient, factor, inputGradient));
    }

    /// <summary>rows·positions, checked.</summary>
    private static int Count(int rows, int positions, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(positions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        long values = (long)rows * positions * channels;
        if (values > int.MaxValue)
            throw new ArgumentException($"{rows} rows × {positions} positions × {channels} channels is more values than a span holds.");
        return rows * positions;
    }

    private static void Require(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values but {needed} are needed.", name);
    }

    /// <summary>An optional span is empty or long enough.</summary>
    private static void RequireOptional(int length, int needed, string name)
    {
        if (length != 0) Require(length, needed, name);
    }

    /// <summary>γ (or 1) and β (or 0) per channel.</summary>
    private static void GammaAndBeta(ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> scale, Span<float> offset)
    {
        if (gamma.IsEmpty) scale.Fill(1f);
        else gamma[..scale.Length].CopyTo(scale);
        if (beta.IsEmpty) offset.Clear();
        else beta[..offset.Length].CopyTo(offset);
    }

    private static void WriteParameterGradients(ReadOnlySpan<double> gammaSums, ReadOnlySpan<double> betaSums,
        Span<float> gammaGradient, Span<float> betaGradient)
    {
        if (!gammaGradient.IsEmpty)
            for (int c = 0; c < gammaSums.Length; c++) gammaGradient[c] = (float)gammaSums[c];
        if (!betaGradient.IsEmpty)
            for (int c = 0; c < betaSums.Length; c++) betaGradient[c] = (float)betaSums[c];
    }

    /// <summary><c>x̂ = (x − μ)·invStd</c>, <c>y = x̂·γ + β</c>.</summary>
    private readonly ref struct NormalizeStep(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, Span<float> normalized, Span<float> output) : IChannelStep
    {
        private readonly ref readonly float _x = ref MemoryMarshal.GetReference(x);
        private readonly ref readonly float _mean = ref MemoryMarshal.GetReference(mean);
        private readonly ref readonly float _inverseStd = ref MemoryMarshal.GetReference(inverseStd);
        private readonly ref readonly float _scale = ref MemoryMarshal.GetReference(scale);
        private readonly ref readonly float _offset = ref MemoryMarshal.GetReference(offset);
        private readonly ref float _normalized = ref MemoryMarshal.GetReference(normalized);
        private readonly ref float _output = ref MemoryMarshal.GetReference(output);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, nuint channel) where TV : struct, ISimd<TV>
        {
            var xhat = (TV.Load(in _x, index) - TV.Load(in _mean, channel)) * TV.Load(in _inverseStd, channel);
            xhat.Store(ref _normalized, index);
            TV.MultiplyAdd(xhat, TV.Load(in _scale, channel), TV.Load(in _offset, channel)).Store(ref _output, index);
        }
    }

    /// <summary><c>y = (x − μ)·scale + offset</c>.</summary>
    private readonly ref struct ScaleShiftStep(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> offset, Span<float> output) : IChannelStep
    {
        private readonly ref readonly float _x = ref MemoryMarshal.GetReference(x);
        private readonly ref readonly float _mean = ref MemoryMarshal.GetReference(mean);
        private readonly ref readonly float _scale = ref MemoryMarshal.GetReference(scale);
        private readonly ref readonly float _offset = ref MemoryMarshal.GetReference(offset);
        private readonly ref float _output = ref MemoryMarshal.GetReference(output);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, nuint channel) where TV : struct, ISimd<TV> =>
            TV.MultiplyAdd(TV.Load(in _x, index) - TV.Load(in _mean, channel), TV.Load(in _scale, channel), TV.Load(in _offset, channel))
                .Store(ref _output, index);
    }

    /// <summary>
    /// Folds an inference-mode BatchNormalization into the convolution before it, as a scale and a shift per filter that
    /// the convolution applies in its epilogue (<see cref="Conv2DMath.ForwardScaled"/>): <c>scale = γ/√(σ² + ε)</c>,
    /// <c>shift = (bias − μ)·scale + β</c>, so that the layer alone computes both. Folding them into a copy of the kernel
    /// instead wrote the whole kernel on every call (ResNet-20's kernels and their copies no longer fit the L2 cache).
    /// Empty <paramref name="bias"/> means 0, empty <paramref name="gamma"/> 1, empty <paramref name="beta"/> 0.
    /// </summary>
    public static void FoldScale(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> movingMean,
        ReadOnlySpan<float> movingVariance, float epsilon, Span<float> scale, Span<float> shift, int filters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        Require(scale.Length, filters, nameof(scale));
        Require(shift.Length, filters, nameof(shift));
        Require(movingMean.Length, filters, nameof(movingMean));
        Require(movingVariance.Length, filters, nameof(movingVariance));
        RequireOptional(bias.Length, filters, nameof(bias));
        RequireOptional(gamma.Length, filters, nameof(gamma));
        RequireOptional(beta.Length, filters, nameof(beta));
        for (int f = 0; f < filters; f++)
        {
            double s = (gamma.IsEmpty ? 1.0 : gamma[f]) / Math.Sqrt(movingVariance[f] + (double)epsilon);
            scale[f] = (float)s;
            shift[f] = (float)(((bias.IsEmpty ? 0.0 : bias[f]) - movingMean[f]) * (float)s + (beta.IsEmpty ? 0.0 : beta[f]));
        }
    }

    /// <summary><c>dx = a·((dy + c) + x̂·b)</c>.</summary>
    private readonly ref struct TrainingBackwardStep(ReadOnlySpan<float> dy, ReadOnlySpan<float> xhat, ReadOnlySpan<float> a,
        ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> dx) : IChannelStep
    {
        private readonly ref readonly float _dy = ref MemoryMarshal.GetReference(dy);
        private readonly ref readonly float _xhat = ref MemoryMarshal.GetReference(xhat);
        private readonly ref readonly float _a = ref MemoryMarshal.GetReference(a);
        private readonly ref readonly float _b = ref MemoryMarshal.GetReference(b);
        private readonly ref readonly float _c = ref MemoryMarshal.GetReference(c);
        private readonly ref float _dx = ref MemoryMarshal.GetReference(dx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, nuint channel) where TV : struct, ISimd<TV> =>
            (TV.MultiplyAdd(TV.Load(in _xhat, index), TV.Load(in _b, channel), TV.Load(in _dy, index) + TV.Load(in _c, channel))
                * TV.Load(in _a, channel)).Store(ref _dx, index);
    }

    /// <summary><c>dx = dy·factor</c>.</summary>
    private readonly ref struct MultiplyStep(ReadOnlySpan<float> dy, ReadOnlySpan<float> factor, Span<float> dx) : IChannelStep
    {
        private readonly ref readonly float _dy = ref MemoryMarshal.GetReference(dy);
        private readonly ref readonly float _factor = ref MemoryMarshal.GetReference(factor);
        private readonly ref float _dx = ref MemoryMarshal.GetReference(dx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, nuint channel) where TV : struct, ISimd<TV> =>
            (TV.Load(in _dy, index) * TV.Load(in _factor, channel)).Store(ref _dx, index);
    }
}
