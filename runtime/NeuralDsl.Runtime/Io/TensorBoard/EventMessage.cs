using System.Text;

namespace NeuralDsl;

/// <summary>
/// The protobuf encoding of the two kinds of TensorFlow <c>Event</c> an event file of scalars holds (field numbers
/// from tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto):
/// <code>
/// message Event   { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
/// message Summary { repeated Value value = 1; }
/// message Value   { string tag = 1; oneof value { float simple_value = 2; } }
/// </code>
/// As a proto3 encoder, a zero step is left out; <c>simple_value</c> is in a oneof, so it is written even when 0.
/// TensorBoard reads a <c>simple_value</c> as a point of its scalars dashboard.
/// </summary>
internal static class EventMessage
{
    private const int WallTimeField = 1, StepField = 2, FileVersionField = 3, SummaryField = 5;
    private const int SummaryValueField = 1;
    private const int TagField = 1, SimpleValueField = 2;

    /// <summary>The version an event file states in its first record (what TensorFlow 2 writes).</summary>
    public const string FileVersion = "brain.Event:2";

    private static readonly int s_fileVersionLength = Encoding.UTF8.GetByteCount(FileVersion);

    /// <summary>Bytes of <see cref="WriteFileVersion"/>'s message.</summary>
    public static int FileVersionSize => ProtobufWriter.DoubleSize(WallTimeField) + ProtobufWriter.LengthDelimitedSize(FileVersionField, s_fileVersionLength);

    /// <summary>The first event of a file: <c>file_version</c> and the time the file was started.</summary>
    public static int WriteFileVersion(Span<byte> destination, double wallTime)
    {
        var writer = new ProtobufWriter(destination);
        writer.WriteDouble(WallTimeField, wallTime);
        writer.WriteString(FileVersionField, FileVersion, s_fileVersionLength);
        return writer.Position;
    }

    /// <summary>Bytes of <see cref="WriteScalar"/>'s message for a tag of <paramref name="tagLength"/> UTF-8 bytes.</summary>
    public static int ScalarSize(long step, int tagLength)
    {
        int size = ProtobufWriter.DoubleSize(WallTimeField) + ProtobufWriter.LengthDelimitedSize(SummaryField, SummarySize(tagLength));
        if (step != 0) size += ProtobufWriter.Int64Size(StepField, step);
        return size;
    }

    /// <summary>One scalar point: a summary of one value, <paramref name="tag"/> = <paramref name="value"/> at <paramref name="step"/>.</summary>
    public static int WriteScalar(Span<byte> destination, double wallTime, long step, string tag, int tagLength, float value)
    {
        var writer = new ProtobufWriter(destination);
        writer.WriteDouble(WallTimeField, wallTime);
        if (step != 0) writer.WriteInt64(StepField, step);
        writer.WriteLengthPrefix(SummaryField, SummarySize(tagLength));
        writer.WriteLengthPrefix(SummaryValueField, ValueSize(tagLength));
        writer.WriteString(TagField, tag, tagLength);
        writer.WriteFloat(SimpleValueField, value);
        return writer.Position;
    }

    private static int ValueSize(int tagLength) =>
        ProtobufWriter.LengthDelimitedSize(TagField, tagLength) + ProtobufWriter.FloatSize(SimpleValueField);

    private static int SummarySize(int tagLength) => ProtobufWriter.LengthDelimitedSize(SummaryValueField, ValueSize(tagLength));
}
