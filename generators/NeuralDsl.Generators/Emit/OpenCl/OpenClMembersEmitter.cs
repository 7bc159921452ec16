using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// The OpenCL half of the generated class: the program source as a constant, its kernel list and workspace
/// layout for the runtime, and the forward and backward passes as sequences of kernel launches.
/// </summary>
internal static class OpenClMembersEmitter
{
    private const string Code = "global::NeuralDsl.OpenCl.OpenClModelCode";
    private const string Launcher = "global::NeuralDsl.OpenCl.OpenClLauncher";

    public static void Emit(CodeWriter w, ModelPlan plan)
    {
        var program = OpenClSourceEmitter.Emit(plan);
        w.Line();
        w.Line("// ---- OpenCL backend: the same passes as OpenCL C kernels, used after UseDevice(Device.OpenCl()) ----");
        w.Line();
        w.Line("/// <summary>This model's OpenCL C program, every size a constant; the runtime builds it once per device.</summary>");
        w.Line("public const string OpenClSource = \"\"\"");
        foreach (var line in program.Source.TrimEnd('\n').Split('\n')) w.Line("    " + line);
        w.Line("    \"\"\";");
        w.Line();
        w.Line("private static readonly " + Code + " s_openCl = new(");
        w.Line("    Source: OpenClSource,");
        w.Line("    Kernels: [" + string.Join(", ", program.Kernels.Select(Literals.String)) + "],");
        w.Line("    WorkspaceWidth: " + Literals.Int(program.WorkspaceWidth) + ",");
        w.Line("    TargetSlot: " + Literals.Int(program.TargetSlot) + ",");
        w.Line("    OutputSlot: " + Literals.Int(program.OutputSlot) + ",");
        w.Line("    PenaltyKernel: " + Literals.Int(program.PenaltyKernel) + ");");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("protected override " + Code + " OpenClCode => s_openCl;");
        Pass(w, "OpenClForward", program.Forward, "Enqueues the forward pass over the batch in the input slot.");
        Pass(w, "OpenClBackward", program.Backward, "Enqueues the backward pass after a training forward pass: dL/dθ into the gradient buffer.");
    }

    private static void Pass(CodeWriter w, string method, EquatableArray<OpenClLaunch> launches, string summary)
    {
        w.Line();
        w.Line("/// <summary>" + summary + "</summary>");
        w.Open("protected override void " + method + "(" + Launcher + " launch, int rows)");
        if (launches.IsEmpty) w.Line("// Nothing to launch: no layer has parameters.");
        var calls = launches.Select(l => l.Shape == LaunchShape.Tiled
            ? "launch.Tiled(" + Literals.Int(l.Kernel) + ", " + l.Size + ", " + Literals.Int(l.Columns) + ");"
            : "launch.Each(" + Literals.Int(l.Kernel) + ", " + l.Size + ");").ToList();
        int width = calls.Count == 0 ? 0 : calls.Max(c => c.Length);
        for (int i = 0; i < calls.Count; i++)
            w.Line(calls[i].PadRight(width) + " // " + launches[i].KernelName + ": " + launches[i].Comment);
        w.Close();
    }
}
