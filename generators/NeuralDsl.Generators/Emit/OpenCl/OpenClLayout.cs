using System.Collections.Generic;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// Where each tensor of a batch lives in the device workspace. The workspace is one buffer holding, per slot, <c>cap</c>
/// rows of the slot's width; a slot starts at <c>cap · offset</c>, where the offset is the sum of the widths before it,
/// so the kernels need only the capacity to find every slot. The batch's inputs and targets come first, then the plan's
/// buffers in order (the plan already decided which layers share one).
/// </summary>
internal sealed class OpenClLayout
{
    public const string InputSlot = "X_SLOT";
    public const string TargetSlot = "Y_SLOT";

    private readonly List<OpenClSlot> _slots = new List<OpenClSlot>();
    private readonly Dictionary<string, int> _offsets = new Dictionary<string, int>();

    public OpenClLayout(ModelPlan plan)
    {
        Add(InputSlot, plan.InputSize, "the batch's input rows"); // first: at OpenClAbi.InputSlot, where the runtime writes them
        Add(TargetSlot, plan.OutputSize, "the batch's target rows");
        foreach (var buffer in plan.Buffers) Add(SlotOf(buffer), buffer.Width, buffer.Description);
    }

    public IReadOnlyList<OpenClSlot> Slots => _slots;

    /// <summary>Floats per row of the whole workspace.</summary>
    public int Width { get; private set; }

    /// <summary>The slot of a buffer; null is the model input.</summary>
    public static string SlotOf(BufferPlan? buffer) => buffer is null ? InputSlot : buffer.Name.ToUpperInvariant();

    public int OffsetOf(string slot) => _offsets[slot];

    private void Add(string name, int width, string description)
    {
        _slots.Add(new OpenClSlot(name, Width, width, description));
        _offsets.Add(name, Width);
        Width += width;
    }
}

/// <summary>One workspace slot: <paramref name="Width"/> floats per row, starting at <c>cap · Offset</c>.</summary>
internal sealed record OpenClSlot(string Name, int Offset, int Width, string Description);
