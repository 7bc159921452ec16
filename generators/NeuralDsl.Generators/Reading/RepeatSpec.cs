using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// <c>[Repeat(typeof(Block), times) { Name, From, Filters, Strides, FirstIndex }]</c> as read: the block class and its layers as written
/// (each with its own name inside the block, or null for Keras's numbering, and where it is written), expanded into
/// instances by <see cref="BlockExpansion"/>. <see cref="Layers"/> is empty when the block could not be read (a diagnostic
/// says why).
/// </summary>
internal sealed record RepeatSpec(
    string BlockName,
    string DefaultPrefix,
    int Times,
    int Filters,
    int Strides,
    EquatableArray<LayerSpec> Layers,
    LocationInfo Location) : LayerSpec(Location)
{
    public const string AttributeName = "NeuralDsl.RepeatAttribute";

    public override string Kind => "Repeat";

    public override string Display => "Repeat(typeof(" + BlockName + ")" + (Times == LayerDefaults.RepeatTimes ? "" : ", " + Literals.Int(Times)) + ")";

    /// <summary>The number of the prefix's first instance when this Repeat starts it (1, Keras's; 0, PyTorch's).</summary>
    public int FirstIndex { get; init; } = LayerDefaults.RepeatFirstIndex;

    /// <summary>The instance prefix: the written name, or the block class's own name in snake_case (<see cref="DefaultPrefix"/>).</summary>
    public string Prefix => Name ?? DefaultPrefix;

    /// <summary>Whether its options let it be expanded (else NDSL036 says why, and it stands as an unread layer).</summary>
    public bool CanExpand => !Layers.IsEmpty && Times >= 1 && Filters >= 1 && Strides >= 1 && FirstIndex >= 0;

    /// <summary>The Repeat's own options, then each block layer's as this Repeat uses it (a diagnostic on the block's
    /// attribute; identical ones from several Repeats are reported once).</summary>
    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        foreach (var (option, value) in new[] { ("Times", Times), ("Filters", Filters), ("Strides", Strides) })
            if (value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, option, Literals.Int(value), "1 or more"));
        if (FirstIndex < 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, "FirstIndex", Literals.Int(FirstIndex), "0 or more"));
        if (Filters < 1 || Strides < 1) return;
        foreach (var layer in Layers) layer.ForInstance(Filters, Strides).CheckOptions(diagnostics);
    }
}
