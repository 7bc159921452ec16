using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.OpenCl;

[Collection(OpenClCollection.Name)]
public sealed class BufferAndProgramTests(OpenClFixture fixture)
{
    // Every test here needs an OpenCL platform: skipped (not passed) without one.
    private readonly Device _device = fixture.Device;

    private OpenClContext Context => fixture.Context;

    private const string ScaleSource = """
        __kernel void scale(__global float* x, const float a, const int n)
        {
            const int i = (int)get_global_id(0);
            if (i < n) x[i] *= a;
        }

        __kernel void index2d(__global int* out, const int width, const int height)
        {
            const int c = (int)get_global_id(0);
            const int r = (int)get_global_id(1);
            if (c < width && r < height) out[r * width + c] = r * 1000 + c;
        }
        """;

    [Fact]
    public void Float_and_int_buffers_round_trip()
    {
        float[] data = [.. Enumerable.Range(0, 37).Select(i => i * 0.5f - 3f)];
        using var buffer = Context.CreateBuffer<float>(data);
        Assert.Equal(37, buffer.Length);
        Assert.Equal(37 * 4, buffer.ByteLength);
        Assert.Equal(data, buffer.ToArray());

        using var ints = Context.CreateBuffer<int>(5);
        ints.Write([1, -2, 3, int.MaxValue, int.MinValue]);
        Assert.Equal([1, -2, 3, int.MaxValue, int.MinValue], ints.ToArray());

        ints.Write([7, 8], offset: 3);
        var tail = new int[3];
        ints.Read(tail, offset: 2);
        Assert.Equal([3, 7, 8], tail);

        ints.Fill(42);
        Assert.Equal([42, 42, 42, 42, 42], ints.ToArray());
    }

    [Fact]
    public void Length_errors_name_both_sizes()
    {
        using var buffer = Context.CreateBuffer<float>(4);
        var write = Assert.Throws<ArgumentException>(() => buffer.Write(new float[5]));
        Assert.Contains("5 floats", write.Message);
        Assert.Contains("buffer of 4 floats", write.Message);
        var read = Assert.Throws<ArgumentException>(() => buffer.Read(new float[3], offset: 2));
        Assert.Contains("3 floats", read.Message);
        Assert.Contains("4 floats", read.Message);
        Assert.Contains("2 left", read.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Read(new float[1], offset: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Context.CreateBuffer<float>(0));
    }

    [Fact]
    public void Launches_1d_and_2d_ranges()
    {
        var program = Context.GetProgram(ScaleSource);
        Assert.Equal("", program.BuildLog);

        float[] data = [.. Enumerable.Range(0, 1000).Select(i => (float)i)];
        using var x = Context.CreateBuffer<float>(data);
        using var scale = program.CreateKernel("scale");
        scale.SetArgument(0, x).SetArgument(1, 2f).SetArgument(2, data.Length);
        Context.Launch1D(scale, data.Length);
        Context.Launch1D(scale, data.Length, localSize: 64); // rounded up to 1024, the kernel bound-checks
        Assert.Equal(data.Select(v => v * 4f), x.ToArray());

        const int width = 13, height = 7;
        using var output = Context.CreateBuffer<int>(width * height);
        using var index = program.CreateKernel("index2d");
        index.SetArgument(0, output).SetArgument(1, width).SetArgument(2, height);
        Context.Launch2D(index, width, height);
        Assert.Equal(Enumerable.Range(0, width * height).Select(k => k / width * 1000 + k % width), output.ToArray());
        output.Fill(-1);
        Context.Launch2D(index, width, height, localX: 4, localY: 4);
        Context.Finish();
        Assert.Equal(Enumerable.Range(0, width * height).Select(k => k / width * 1000 + k % width), output.ToArray());
    }

    [Fact]
    public void The_program_cache_keys_on_source_and_options()
    {
        var first = Context.GetProgram(ScaleSource);
        Assert.Same(first, Context.GetProgram(ScaleSource));
        var other = Context.GetProgram(ScaleSource, "-cl-std=CL1.2 -cl-mad-enable");
        Assert.NotSame(first, other);
        Assert.Equal("-cl-std=CL1.2 -cl-mad-enable", other.Options);
        first.Dispose(); // cached programs belong to the context
        using var kernel = Context.GetProgram(ScaleSource).CreateKernel("scale");
        Assert.Equal("scale", kernel.Name);
    }

    [Fact]
    public void A_failed_build_reports_the_compiler_log()
    {
        const string broken = """
            __kernel void broken(__global float* x)
            {
                x[0] = undeclared_thing;
            }
            """;
        var e = Assert.Throws<OpenClException>(() => Context.BuildProgram(broken));
        Assert.Equal("clBuildProgram", e.Function);
        Assert.Equal(-11, e.ErrorCode);
        Assert.StartsWith("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11)", e.Message);
        Assert.NotNull(e.BuildLog);
        Assert.Contains("undeclared_thing", e.BuildLog);
        Assert.Contains("error", e.BuildLog, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(e.BuildLog.Trim(), e.Message);
    }

    [Fact]
    public void Build_warnings_show_in_the_log()
    {
        const string warns = """
            float positive_part(float x)
            {
                if (x > 0.0f) return x;
            }

            __kernel void warns(__global float* x)
            {
                x[0] = positive_part(x[0]);
            }
            """;
        using var program = Context.BuildProgram(warns);
        Assert.True(program.HasWarnings, program.BuildLog);
        Assert.Contains("return", program.BuildLog);
        // -Werror (a standard OpenCL build option) turns the same warning into a failed build.
        var e = Assert.Throws<OpenClException>(() => Context.BuildProgram(warns, "-cl-std=CL1.2 -Werror"));
        Assert.Contains("return", e.BuildLog);
    }

    [Fact]
    public void A_missing_kernel_name_is_named()
    {
        var program = Context.GetProgram(ScaleSource);
        var e = Assert.Throws<OpenClException>(() => program.CreateKernel("nope"));
        Assert.Equal(-46, e.ErrorCode);
        Assert.Contains("CL_INVALID_KERNEL_NAME", e.Message);
        Assert.Contains("'nope'", e.Message);
    }
}
