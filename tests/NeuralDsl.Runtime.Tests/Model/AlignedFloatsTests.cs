namespace NeuralDsl.Runtime.Tests.Model;

/// <summary>The parameter and gradient buffers start on a cache line (the tiles' vector loads of a kernel then never
/// straddle two), are zeroed and as long as asked, and stay put: they are on the pinned heap.</summary>
public sealed unsafe class AlignedFloatsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(100_000)]
    public void A_buffer_starts_on_a_cache_line_and_is_zeroed(int length)
    {
        for (int attempt = 0; attempt < 8; attempt++) // several allocations: each lands elsewhere
        {
            var buffer = AlignedFloats.Allocate(length);
            Assert.Equal(length, buffer.Count);
            Assert.All(buffer, v => Assert.Equal(0f, v));
            GC.Collect(); // pinned: a collection moves nothing
            fixed (float* start = buffer.AsSpan()) Assert.Equal(0, (nint)start % AlignedFloats.Alignment);
            _ = new byte[attempt * 24 + 8]; // shift what the next allocation finds
        }
    }

    [Fact]
    public void A_models_parameters_and_gradients_start_on_a_cache_line()
    {
        var model = new StatefulModel();
        fixed (float* parameters = model.Parameters) Assert.Equal(0, (nint)parameters % AlignedFloats.Alignment);
        fixed (float* gradients = model.GradientBuffer.AsSpan()) Assert.Equal(0, (nint)gradients % AlignedFloats.Alignment);
    }
}
