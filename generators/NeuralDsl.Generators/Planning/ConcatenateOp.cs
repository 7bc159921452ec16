using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Planning;

/// <summary>The inputs joined on the channel axis, <see cref="Channels"/> of each in order; backward hands each input its
/// channels of the output gradient.</summary>
internal sealed record ConcatenateOp(OpCommon Common, EquatableArray<int> Channels) : OpPlan(Common)
{
    public override string Type => "Concatenate";

    /// <summary>Channels per position of the output: the sum of the inputs'.</summary>
    public int TotalChannels => Output.Dims[Output.Rank - 1];

    /// <summary>Positions per row (height × width; 1 for vectors).</summary>
    public int Positions => Output.Size / TotalChannels;

    /// <summary>Where input <paramref name="k"/>'s channels start in the output.</summary>
    public int ChannelOffset(int k)
    {
        int offset = 0;
        for (int i = 0; i < k; i++) offset += Channels[i];
        return offset;
    }

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitConcatenate(this);
}
