using System.ComponentModel;

namespace NeuralDsl.Cpu;

/// <summary>
/// Keras's <c>Concatenate</c> on the channel (last) axis, one input ("part") at a time: part i's <c>channels</c> land at
/// <c>[offset, offset + channels)</c> of every position's <c>totalChannels</c> in the output.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConcatenateMath
{
    /// <summary>Writes the part's channels into their slot of every position of <paramref name="output"/> (the other
    /// parts' slots are left as they are).</summary>
    public static void ForwardPart(ReadOnlySpan<float> part, Span<float> output, int rows, int positions, int channels, int offset, int totalChannels)
    {
        int count = Check(part.Length, nameof(part), output.Length, nameof(output), rows, positions, channels, offset, totalChannels);
        if (channels == totalChannels)
        {
            part[..(count * channels)].CopyTo(output);
            return;
        }
        for (int p = 0; p < count; p++)
            part.Slice(p * channels, channels).CopyTo(output.Slice(p * totalChannels + offset, channels));
    }

    /// <summary>Overwrites <paramref name="partGradient"/> with the part's slot of every position of
    /// <paramref name="outputGradient"/>.</summary>
    public static void BackwardPart(ReadOnlySpan<float> outputGradient, Span<float> partGradient, int rows, int positions, int channels, int offset, int totalChannels)
    {
        int count = Check(partGradient.Length, nameof(partGradient), outputGradient.Length, nameof(outputGradient),
            rows, positions, channels, offset, totalChannels);
        if (channels == totalChannels)
        {
            outputGradient[..(count * channels)].CopyTo(partGradient);
            return;
        }
        for (int p = 0; p < count; p++)
            outputGradient.Slice(p * totalChannels + offset, channels).CopyTo(partGradient.Slice(p * channels, channels));
    }

    /// <summary>rows·positions, after checking the slot lies inside the output's channels and the buffers are long enough.</summary>
    private static int Check(int partLength, string partName, int outputLength, string outputName,
        int rows, int positions, int channels, int offset, int totalChannels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(positions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if ((long)offset + channels > totalChannels)
            throw new ArgumentOutOfRangeException(nameof(offset), $"Channels [{offset}, {(long)offset + channels}) do not fit in {totalChannels}.");
        long count = (long)rows * positions, parts = count * channels, outputs = count * totalChannels;
        if (outputs > int.MaxValue)
            throw new ArgumentException($"{rows} rows × {positions} positions × {totalChannels} channels is more values than a span holds.");
        if (partLength < parts || outputLength < outputs)
            throw new ArgumentException(
                $"Concatenate buffers too small for {rows} rows × {positions} positions: need {partName} {parts} and " +
                $"{outputName} {outputs} floats but got {partLength} and {outputLength}.");
        return (int)count;
    }
}
