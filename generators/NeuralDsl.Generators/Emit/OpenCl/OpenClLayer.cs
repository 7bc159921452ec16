using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>One layer's part of the OpenCL program: its forward kernels and, beside them, its backward kernels, each
/// registered with its launch. One subclass per kind of layer, made by <see cref="OpenClLayers"/>.</summary>
internal abstract class OpenClLayer
{
    protected OpenClLayer(OpPlan op) => Op = op;

    public OpPlan Op { get; }

    public abstract void WriteForward(OpenClProgramBuilder program);

    /// <summary>Called only for a layer that runs backward.</summary>
    public abstract void WriteBackward(OpenClProgramBuilder program);

    /// <summary>
    /// An element-wise kernel over <paramref name="count"/> work-items (a C# expression in <c>rows</c>): writes the kernel
    /// with its index <c>e</c> bounds-checked, and returns its index for the launch.
    /// </summary>
    public static int EachKernel(OpenClProgramBuilder program, string name, string comment, string count, System.Action<CodeWriter> writeBody)
    {
        int kernel = program.Kernel(name);
        var source = program.Source;
        source.Line($"// {comment}");
        using (source.Block($"__kernel void {name}(MODEL_ARGS)"))
        {
            source.Line($"const int e = get_global_id(0);");
            source.Line($"if (e >= {count}) return;");
            writeBody(source);
        }
        source.Line();
        return kernel;
    }
}
