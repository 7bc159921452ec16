using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// Global average and max pooling (Keras's <c>GlobalAveragePooling2D</c> / <c>GlobalMaxPooling2D</c>): each row's
/// <c>positions × channels</c> values (channels-last) reduce to <c>channels</c>, one per channel over all positions.
/// </summary>
/// <remarks>Channels are innermost, so each position is one contiguous run of channels, processed a vector of channels
/// at a time.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GlobalPoolingMath
{
    /// <summary><c>output[r, c] = (1/positions)·Σₚ x[r, p, c]</c>.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> output, int rows, int positions, int channels)
    {
        Check(x.Length, nameof(x), output.Length, nameof(output), rows, positions, channels);
        int size = positions * channels;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> image = x.Slice(r * size, size);
            Span<float> mean = output.Slice(r * channels, channels);
            image[..channels].CopyTo(mean);
            for (int p = 1; p < positions; p++) VectorOps.Axpy(1f, image.Slice(p * channels, channels), mean);
            VectorOps.Scale(1f / positions, mean);
        }
    }

    /// <summary>Overwrites <paramref name="inputGradient"/>: every position of a row gets the row's output gradient
    /// divided by <paramref name="positions"/>.</summary>
    public static void AverageBackward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int rows, int positions, int channels)
    {
        Check(inputGradient.Length, nameof(inputGradient), outputGradient.Length, nameof(outputGradient), rows, positions, channels);
        int size = positions * channels;
        for (int r = 0; r < rows; r++)
        {
            Span<float> image = inputGradient.Slice(r * size, size);
            Span<float> first = image[..channels];
            outputGradient.Slice(r * channels, channels).CopyTo(first);
            VectorOps.Scale(1f / positions, first);
            for (int p = 1; p < positions; p++) first.CopyTo(image.Slice(p * channels, channels));
        }
    }

    /// <summary>
    /// <c>output[r, c] = maxₚ x[r, p, c]</c>, and <c>argMax[r·channels + c]</c> = the index within the row's input
    /// (<c>p·channels + c</c>) of the maximum: the first one in position order on ties. NaN propagates as it does through
    /// Keras's max (<c>ops.max</c> and TensorFlow's <c>reduce_max</c> return NaN for a channel holding one): the output is
    /// NaN and <paramref name="argMax"/> points at the first NaN, so the backward pass routes the gradient there.
    /// </summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> output, Span<int> argMax, int rows, int positions, int channels)
    {
        Check(x.Length, nameof(x), output.Length, nameof(output), rows, positions, channels);
        if (argMax.Length < rows * channels)
            throw new ArgumentException($"argMax holds {argMax.Length} indices but the output has {rows * channels} values.", nameof(argMax));
        var kernel = new MaxKernel(x, output, argMax, rows, positions, channels);
        SimdDispatch.Run(ref kernel);
    }

    /// <summary>Overwrites <paramref name="inputGradient"/>: zero, then each row's output gradient at the position its
    /// <paramref name="argMax"/> names.</summary>
    public static void MaxBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argMax, Span<float> inputGradient, int rows, int positions, int channels)
    {
        Check(inputGradient.Length, nameof(inputGradient), outputGradient.Length, nameof(outputGradient), rows, positions, channels);
        if (argMax.Length < rows * channels)
            throw new ArgumentException($"argMax holds {argMax.Length} indices but the output has {rows * channels} values.", nameof(argMax));
        int size = positions * channels;
        inputGradient[..(rows * size)].Clear();
        for (int r = 0; r < rows; r++)
        {
            // Bounds-checked scatter within the row: the indices come from the caller.
            Span<float> image = inputGradient.Slice(r * size, size);
            for (int c = 0; c < channels; c++) image[argMax[r * channels + c]] += outputGradient[r * channels + c];
        }
    }

    private static void Check(int inputLength, string inputName, int outputLength, string outputName, int rows, int positions, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(positions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        long inputs = (long)rows * positions * channels, outputs = (long)rows * channels;
        if (inputs > int.MaxValue)
            throw new ArgumentException($"{rows} rows × {positions} positions × {channels} channels is more values than a span holds.");
        if (inputLength < inputs || outputLength < outputs)
            throw new ArgumentException(
                $"Global pooling buffers too small for {rows} rows of {positions} positions × {channels} channels: need " +
                $"{inputName} {inputs} and {outputName} {outputs} floats but got {inputLength} and {outputLength}.");
    }

    /// <summary>The max over positions, <c>TV.Count</c> channels at a time, then one at a time for the rest.</summary>
    private readonly ref struct MaxKernel(ReadOnlySpan<float> x, Span<float> output, Span<int> argMax, int rows, int positions, int channels)
        : ISimdKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly Span<float> _output = output;
        private readonly Span<int> _argMax = argMax;

        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            int size = positions * channels;
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> image = _x.Slice(r * size, size);
                Span<float> output = _output.Slice(r * channels, channels);
                Span<int> argMax = _argMax.Slice(r * channels, channels);
                int c = 0;
                for (; c + TV.Count <= channels; c += TV.Count)
                {
                    if (!MaxOverPositions<TV>(image, c, positions, channels, output, argMax))
                        for (int lane = c; lane < c + TV.Count; lane++) MaxWithNaN(image, lane, positions, channels, output, argMax);
                }
                for (; c < channels; c++) MaxWithNaN(image, c, positions, channels, output, argMax);
            }
        }
    }

    /// <summary>
    /// The max over positions of channels <c>[channel, channel + TV.Count)</c> and the index of each lane's first max.
    /// Returns false, leaving the result to <see cref="MaxWithNaN"/>, when a lane saw a NaN (or −∞: one comparison
    /// tells neither from the other), which the vector comparison would skip.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MaxOverPositions<TV>(ReadOnlySpan<float> image, int channel, int positions, int channels, Span<float> output, Span<int> argMax)
        where TV : struct, ISimd<TV>
    {
        ref float x = ref MemoryMarshal.GetReference(image);
        var best = TV.Load(in x, (nuint)channel);
        // Each lane of `at` holds the int32 index of lane 0's value as a float's bits: only selected and stored, never
        // computed on, so it is exact at any size. The lane number is added on the way out.
        var at = TV.Create(BitConverter.Int32BitsToSingle(channel));
        var negativeInfinity = TV.Create(float.NegativeInfinity);
        // 1 in the lanes that saw a value not above −∞ (NaN or −∞).
        var unordered = TV.ConditionalSelect(TV.GreaterThan(best, negativeInfinity), TV.Zero, TV.One);
        for (int p = 1; p < positions; p++)
        {
            int index = p * channels + channel;
            var v = TV.Load(in x, (nuint)index);
            var greater = TV.GreaterThan(v, best);
            best = TV.ConditionalSelect(greater, v, best);
            at = TV.ConditionalSelect(greater, TV.Create(BitConverter.Int32BitsToSingle(index)), at);
            unordered = TV.ConditionalSelect(TV.GreaterThan(v, negativeInfinity), unordered, TV.One);
        }
        if (TV.Sum(unordered) != 0) return false;
        best.Store(ref MemoryMarshal.GetReference(output), (nuint)channel);
        at.Store(ref Unsafe.As<int, float>(ref MemoryMarshal.GetReference(argMax)), (nuint)channel);
        for (int lane = 1; lane < TV.Count; lane++) argMax[channel + lane] += lane;
        return true;
    }

    /// <summary>One channel's max, NaN winning over every number (the first NaN over later ones) and the first max
    /// winning ties.</summary>
    private static void MaxWithNaN(ReadOnlySpan<float> image, int channel, int positions, int channels, Span<float> output, Span<int> argMax)
    {
        float best = image[channel];
        int at = channel;
        for (int p = 1; p < positions && !float.IsNaN(best); p++)
        {
            int index = p * channels + channel;
            float v = image[index];
            if (v > best || float.IsNaN(v)) (best, at) = (v, index);
        }
        output[channel] = best;
        argMax[channel] = at;
    }
}
