using Google.Protobuf;
using NeuralDsl.Tests.TensorBoard.Proto;

namespace NeuralDsl.Tests.TensorBoard;

/// <summary>One scalar point as TensorBoard would plot it.</summary>
internal readonly record struct Scalar(string Tag, long Step, float Value)
{
    /// <summary>Bit-exact comparison (a float's == would let -0 match 0 and NaN match nothing).</summary>
    public (string, long, int) Bits => (Tag, Step, BitConverter.SingleToInt32Bits(Value));
}

/// <summary>Event files read with <see cref="ReferenceTfRecordReader"/> and decoded with Google.Protobuf.</summary>
internal static class EventFiles
{
    /// <summary>The event files in <paramref name="directory"/>, oldest name first.</summary>
    public static string[] In(string directory) =>
        [.. Directory.GetFiles(directory).Where(f => Path.GetFileName(f).StartsWith("events.out.tfevents.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>The one event file in <paramref name="directory"/> (a test that expects one).</summary>
    public static string Single(string directory) => Assert.Single(In(directory));

    /// <summary>Every event of <paramref name="path"/>, which may still be open for writing.</summary>
    public static List<Event> Read(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        return [.. ReferenceTfRecordReader.Read(bytes).Select(record => Event.Parser.ParseFrom(record))];
    }

    /// <summary>The scalars of <paramref name="events"/> in file order, checking each summary is one simple value.</summary>
    public static List<Scalar> Scalars(IEnumerable<Event> events)
    {
        var scalars = new List<Scalar>();
        foreach (var e in events)
        {
            if (e.WhatCase != Event.WhatOneofCase.Summary) continue;
            var value = Assert.Single(e.Summary.Value);
            Assert.Equal(Summary.Types.Value.ValueOneofCase.SimpleValue, value.ValueCase);
            scalars.Add(new Scalar(value.Tag, e.Step, value.SimpleValue));
        }
        return scalars;
    }

    /// <summary>The scalars of the one event file in <paramref name="directory"/>, after checking its first event.</summary>
    public static List<Scalar> ScalarsIn(string directory)
    {
        var events = Read(Single(directory));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        return Scalars(events.Skip(1));
    }

    /// <summary>An encoded event, for tests that look at single messages.</summary>
    public static Event Parse(ReadOnlySpan<byte> message) => Event.Parser.ParseFrom(message.ToArray());

    /// <summary>Protobuf's own encoding of a scalar event, to compare bytes with.</summary>
    public static byte[] Encode(double wallTime, long step, string tag, float value) => new Event
    {
        WallTime = wallTime,
        Step = step,
        Summary = new Summary { Value = { new Summary.Types.Value { Tag = tag, SimpleValue = value } } },
    }.ToByteArray();
}
