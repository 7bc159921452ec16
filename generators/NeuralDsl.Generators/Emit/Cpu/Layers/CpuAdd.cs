using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitAdd(AddOp op) => new CpuAdd(op);
}

/// <summary>Add: the first two inputs summed into the output in one pass (<c>VectorOps.Add</c>), each other one added
/// (<c>VectorOps.Axpy</c>), unless at inference the Conv2D that computes the first input adds the second in its epilogue;
/// backward copies the output gradient into each input's gradient.</summary>
internal sealed class CpuAdd : CpuLayer
{
    public CpuAdd(AddOp op) : base(op)
    {
    }

    public override string? ForwardCall(string input) => ForwardCall(new[] { input });

    public override string? ForwardCall(IReadOnlyList<string> inputs) =>
        $"{ForwardMethod(Op)}({string.Join(", ", inputs)}, rows{(FoldedInto is null ? "" : ", mode")})";

    private string? FoldedInto => ((AddOp)Op).FoldedInto;

    public override string BackwardStatement => BackwardCallOrSkip($"{BackwardMethod(Op)}(rows);");

    public override void WriteMethods(CodeWriter w)
    {
        var names = Op.Buffers.Inputs.Select((_, k) => "input" + (k + 1)).ToList();
        w.Line($"/// <summary>{Op.Name}: {Op.Description}, {Op.Output}; the sum of its {names.Count} inputs.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(Op)}({string.Join(", ", names.Select(n => ReadOnlySpan + " " + n))}, int rows{(FoldedInto is null ? "" : $", {PassModeType} mode")})"))
        {
            if (FoldedInto is { } conv)
                w.Line($"if (mode == {PassModeType}.Inference) return input1; // {conv}'s epilogue added input2 and wrote this layer's output");
            w.Line($"var output = {Rows(Op.Buffers.Output!)};");
            w.Line($"{VectorOps}.Add({names[0]}, {names[1]}, output);");
            foreach (var name in names.Skip(2)) w.Line($"{VectorOps}.Axpy(1f, {name}, output);");
            w.Line($"return output;");
        }
        if (!Op.RunsBackward || Op.Buffers.Inputs.All(input => input.Gradient is null)) return;
        w.Line();
        w.Line($"/// <summary>{Op.Name} backward: dL/d(each input) is dL/d(output).</summary>");
        using (w.Block($"private void {BackwardMethod(Op)}(int rows)"))
        {
            w.Line($"var gradient = {Rows(Op.Buffers.OutputGradient!)};");
            foreach (var input in Op.Buffers.Inputs)
                if (input.Gradient is { } g) w.Line($"gradient.CopyTo({Rows(g)});");
        }
    }
}
