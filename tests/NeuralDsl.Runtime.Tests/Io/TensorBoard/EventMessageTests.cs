using NeuralDsl.Tests.TensorBoard;
using NeuralDsl.Tests.TensorBoard.Proto;

namespace NeuralDsl.Runtime.Tests.Io.TensorBoard;

/// <summary>The runtime's hand-written protobuf encoding of events, decoded and re-encoded by Google.Protobuf.</summary>
public sealed class EventMessageTests
{
    [Fact]
    public void The_file_version_event_decodes_with_protobuf()
    {
        double wallTime = 1_700_000_000.123456;
        var buffer = new byte[EventMessage.FileVersionSize];
        Assert.Equal(buffer.Length, EventMessage.WriteFileVersion(buffer, wallTime));

        Event e = EventFiles.Parse(buffer);
        Assert.Equal(Event.WhatOneofCase.FileVersion, e.WhatCase);
        Assert.Equal("brain.Event:2", e.FileVersion);
        Assert.Equal(BitConverter.DoubleToInt64Bits(wallTime), BitConverter.DoubleToInt64Bits(e.WallTime));
        Assert.Equal(0, e.Step);
    }

    public static TheoryData<long, string, int> Scalars() => new()
    {
        { 0, "epoch_loss", 0x3EAAAAAB },                           // 1/3, at the step proto3 leaves out
        { 1, "epoch_accuracy", 0 },                                // 0 is still written: simple_value is in a oneof
        { 127, "batch_loss", unchecked((int)0x80000000) },         // -0
        { 128, "epoch_learning_rate", 0x3A83126F },                // 0.001; a two-byte step
        { 300, "epoch_precision", 0x00000001 },                    // the smallest subnormal
        { 1L << 40, "epoch_recall", 0x7F7FFFFF },                  // float.MaxValue
        { long.MaxValue, "epoch_loss", 0x7F800000 },               // +∞, the longest positive step
        { -1, "epoch_loss", 0x7FC00000 },                          // NaN; a negative int64 is 10 bytes
        { 5, "validation/ünïcödé_ß_损失", 0x3F800000 },
        { 6, new string('t', 200), 0x3F800000 },                   // a tag whose length takes two bytes
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_scalar_event_is_what_protobuf_writes_and_decodes_bit_exact(long step, string tag, int valueBits)
    {
        float value = BitConverter.Int32BitsToSingle(valueBits);
        double wallTime = 1_754_321_098.765432;
        int tagLength = System.Text.Encoding.UTF8.GetByteCount(tag);
        var buffer = new byte[EventMessage.ScalarSize(step, tagLength)];
        Assert.Equal(buffer.Length, EventMessage.WriteScalar(buffer, wallTime, step, tag, tagLength, value));

        Event e = EventFiles.Parse(buffer);
        Assert.Equal(Event.WhatOneofCase.Summary, e.WhatCase);
        Assert.Equal(step, e.Step);
        Assert.Equal(BitConverter.DoubleToInt64Bits(wallTime), BitConverter.DoubleToInt64Bits(e.WallTime));
        var scalar = Assert.Single(EventFiles.Scalars([e]));
        Assert.Equal(new Scalar(tag, step, value).Bits, scalar.Bits);
        // Byte for byte what protobuf's own encoder makes of the same event (fields in number order, zero step omitted).
        Assert.Equal(EventFiles.Encode(wallTime, step, tag, value), buffer);
    }
}
