using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitFlatten(FlattenOp op) => new OpenClFlatten(op);
}

/// <summary>Flatten: a reshape of rows already laid out channels-last, so it has no kernel; the plan points the layers
/// around it at the same slots.</summary>
internal sealed class OpenClFlatten : OpenClLayer
{
    public OpenClFlatten(FlattenOp op) : base(op)
    {
    }

    public override void WriteForward(OpenClProgramBuilder program)
    {
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
    }
}
