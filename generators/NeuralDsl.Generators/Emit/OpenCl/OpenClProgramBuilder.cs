using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// A model's OpenCL program while it is written: the prelude that collects the helpers kernels ask for, the kernels'
/// source, the kernel list (the launch index of a kernel is its position) and the launches of the forward and backward
/// passes. Each layer's backward launches are kept apart, so the backward pass runs the layers last first while each
/// layer's kernels stay beside its forward kernels in the source.
/// </summary>
internal sealed class OpenClProgramBuilder
{
    private readonly List<string> _kernels = new List<string>();
    private readonly List<OpenClLaunch> _forward = new List<OpenClLaunch>();
    private readonly List<List<OpenClLaunch>> _backwardByLayer = new List<List<OpenClLaunch>>();

    public OpenClProgramBuilder(ModelPlan plan)
    {
        Plan = plan;
        Layout = new OpenClLayout(plan);
    }

    public ModelPlan Plan { get; }

    public OpenClLayout Layout { get; }

    public OpenClPrelude Prelude { get; } = new OpenClPrelude();

    /// <summary>The kernels' source, after the prelude.</summary>
    public CodeWriter Source { get; } = new CodeWriter();

    /// <summary>The penalty kernel's index, or -1.</summary>
    public int PenaltyKernel { get; set; } = -1;

    /// <summary>The batch-metrics kernel's index.</summary>
    public int MetricsKernel { get; set; } = -1;

    /// <summary>The stand-alone loss-gradient kernel's index, or -1 (a model without parameters).</summary>
    public int LossGradientKernel { get; set; } = -1;

    /// <summary>Registers kernel <paramref name="name"/> and returns its launch index.</summary>
    public int Kernel(string name)
    {
        _kernels.Add(name);
        return _kernels.Count - 1;
    }

    /// <summary>Starts the next layer's launches.</summary>
    public void BeginLayer() => _backwardByLayer.Add(new List<OpenClLaunch>());

    public void Forward(OpenClLaunch launch) => _forward.Add(launch);

    public void Backward(OpenClLaunch launch) => _backwardByLayer[_backwardByLayer.Count - 1].Add(launch with { Layer = _backwardByLayer.Count - 1 });

    /// <summary>The index of a pass in the plan: a dropout layer's random stream.</summary>
    public int IndexOf(OpPlan op) => Plan.Ops.IndexOf(op);

    public OpenClCode Build()
    {
        string source = OpenClNames.Ascii(Prelude.Render(Plan, Layout) + Source);
        var backward = Enumerable.Reverse(_backwardByLayer).SelectMany(layer => layer);
        return new OpenClCode(source, _kernels.ToEquatableArray(), _forward.ToEquatableArray(), backward.ToEquatableArray(),
            MetricsKernel, LossGradientKernel, PenaltyKernel, Layout.Width, Layout.OffsetOf(OpenClLayout.TargetSlot), Layout.OffsetOf(OpenClLayout.SlotOf(Plan.Last.Buffers.Output)));
    }
}

/// <summary>
/// A model's finished OpenCL program: the C source, its kernels in launch-index order (the gather kernel first), the
/// launches of the forward and backward passes (the backward pass starts from the output gradient, which the batch
/// metrics or the loss-gradient kernel write), the model's own kernels (-1 where absent) and the workspace layout.
/// </summary>
internal sealed record OpenClCode(
    string Source,
    EquatableArray<string> Kernels,
    EquatableArray<OpenClLaunch> Forward,
    EquatableArray<OpenClLaunch> Backward,
    int MetricsKernel,
    int LossGradientKernel,
    int PenaltyKernel,
    int WorkspaceWidth,
    int TargetSlot,
    int OutputSlot);
