using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.OpenCl;

/// <summary>The product kernels' tuning table and its text form (no OpenCL device needed: the devices are described by hand).</summary>
public sealed class ProductTuningTests
{
    private static OpenClDeviceInfo Describe(OpenClDeviceType type, long maxWorkGroupSize = 1024, long localMemoryBytes = 48 * 1024, int vectorWidth = 1) =>
        new(0, 0, 0, "test device", "test vendor", type, computeUnits: 8, globalMemoryBytes: 1L << 32, maxAllocationBytes: 1L << 30,
            localMemoryBytes, maxWorkGroupSize, vectorWidth, "OpenCL 3.0", "1.0", "test platform", "test vendor", "OpenCL 3.0");

    [Fact]
    public void A_cpu_reads_global_memory_in_blocks_of_two_vectors()
    {
        var avx2 = ProductTuning.For(Describe(OpenClDeviceType.Cpu, maxWorkGroupSize: 4096, localMemoryBytes: 512 * 1024, vectorWidth: 8));
        Assert.Equal(new ProductTuning(localTiles: false, tileRows: 64, tileColumns: 128, tileDepth: 1, blockRows: 8, blockColumns: 16), avx2);
        var avx512 = ProductTuning.For(Describe(OpenClDeviceType.Cpu, maxWorkGroupSize: 4096, localMemoryBytes: 512 * 1024, vectorWidth: 16));
        Assert.Equal(32, avx512.BlockColumns);
        Assert.Equal((8, 8), (avx512.GroupColumns, avx512.GroupRows));
    }

    [Fact]
    public void A_gpu_uses_local_tiles_of_64_by_64_with_4_by_4_blocks()
    {
        var gpu = ProductTuning.For(Describe(OpenClDeviceType.Gpu));
        Assert.Equal("local=1,tile=64x64x16,block=4x4", gpu.ToString());
        Assert.Equal(256, gpu.GroupSize);
        Assert.Equal(16 * (64 + 1 + 64) * sizeof(float), gpu.LocalMemoryBytes);
    }

    [Fact]
    public void A_small_device_gets_a_smaller_work_group_and_then_shallower_tiles()
    {
        var small = ProductTuning.For(Describe(OpenClDeviceType.Gpu, maxWorkGroupSize: 64));
        Assert.True(small.GroupSize <= 64, small.ToString());
        Assert.Equal((4, 4), (small.BlockRows, small.BlockColumns));
        var littleLocal = ProductTuning.For(Describe(OpenClDeviceType.Accelerator, localMemoryBytes: 2048));
        Assert.True(littleLocal.LocalMemoryBytes <= 2048, littleLocal.ToString());
        var none = Assert.Throws<NotSupportedException>(() => ProductTuning.For(Describe(OpenClDeviceType.Gpu, maxWorkGroupSize: 1, localMemoryBytes: 16)));
        Assert.Contains("test device", none.Message);
    }

    [Fact]
    public void Build_options_define_every_macro_the_generated_programs_check()
    {
        var tuning = ProductTuning.Parse("local=1,tile=8x12x5,block=2x3");
        Assert.Equal("-D PRODUCT_LOCAL_TILES=1 -D TILE_M=8 -D TILE_N=12 -D TILE_K=5 -D BLOCK_M=2 -D BLOCK_N=3", tuning.BuildOptions);
        foreach (string macro in ProductMacros.All) Assert.Contains($"-D {macro}=", tuning.BuildOptions);
        Assert.Equal((4, 4, 16), (tuning.GroupColumns, tuning.GroupRows, tuning.GroupSize));
    }

    [Theory]
    [InlineData("local=0,tile=32x128,block=4x16")]
    [InlineData("local=1,tile=64x64x16,block=4x4")]
    public void The_text_form_round_trips(string text) => Assert.Equal(ProductTuning.Parse(text), ProductTuning.Parse(ProductTuning.Parse(text).ToString()));

    [Theory]
    [InlineData("local=2,tile=8x8,block=2x2", "'local=2'")]
    [InlineData("tile=8x8,block=2x2", "local, tile and block are all required")]
    [InlineData("local=1,tile=8,block=2x2", "'8' needs 2 or 3 sizes")]
    [InlineData("local=1,tile=8x8,block=2x0", "'0' in '2x0' is not a positive whole number")]
    [InlineData("local=1,tile=8x10,block=2x4", "is not a whole number of 2 x 4 blocks")]
    [InlineData("local=1,tile=8x8,block=2x2,depth=3", "'depth=3'")]
    public void A_bad_tuning_names_the_part_at_fault(string text, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ProductTuning.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains(ProductTuning.EnvironmentVariable, e.Message);
    }
}
