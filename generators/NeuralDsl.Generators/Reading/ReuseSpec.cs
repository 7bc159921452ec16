using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// <c>[Reuse(typeof(Source), Through = "name", Trainable = false)]</c> as read: the reused class, and its input and layers
/// up to and including <see cref="Through"/> (<see cref="Layers"/>, the input first), each carrying its name in the source
/// model and, when <see cref="KeepsTrainable"/> is false, frozen. <see cref="Layers"/> is empty when the source could not be
/// read (the reader reported why).
/// </summary>
internal sealed record ReuseSpec(
    string SourceName,
    string SourceFullName,
    string? Through,
    bool KeepsTrainable,
    EquatableArray<LayerSpec> Layers,
    LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Reuse";

    public override string Display => "Reuse(typeof(" + SourceName + ")" + (Through is null ? "" : ", Through = \"" + Through + "\"") + ")";
}
