using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>The body of a loop over channels-last data whose formula takes per-channel parameters: computes the values at
/// <c>[index, index + TV.Count)</c>, which belong to channels <c>[channel, channel + TV.Count)</c>.</summary>
internal interface IChannelStep
{
    void Step<TV>(nuint index, nuint channel) where TV : struct, ISimd<TV>;
}

/// <summary>
/// Runs an <see cref="IChannelStep"/> over <c>count</c> positions of <c>channels</c> floats each: per position, whole
/// vectors of channels at the widest accelerated width, then one channel at a time for the rest, so a parameter vector
/// loaded at <c>channel</c> lines up with the values at <c>index</c>.
/// </summary>
internal static class ChannelLoop
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TStep>(int count, int channels, TStep step) where TStep : struct, IChannelStep, allows ref struct
    {
        var loop = new Loop<TStep>(count, channels, step);
        SimdDispatch.Run(ref loop);
    }

    private ref struct Loop<TStep>(int count, int channels, TStep step) : ISimdKernel where TStep : struct, IChannelStep, allows ref struct
    {
        private readonly int _count = count, _channels = channels;
        private TStep _step = step;

        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            TStep step = _step;
            nuint channels = (nuint)_channels, width = (nuint)TV.Count, index = 0;
            for (int p = 0; p < _count; p++, index += channels)
            {
                nuint c = 0;
                for (; c + width <= channels; c += width) step.Step<TV>(index + c, c);
                for (; c < channels; c++) step.Step<SimdScalar>(index + c, c);
            }
        }
    }
}
