using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Flatten]</c>: a reshape of height × width × channels into one vector (a no-op on a vector).</summary>
internal sealed record FlattenSpec(LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Flatten";

    public override string Display => "Flatten";
}
