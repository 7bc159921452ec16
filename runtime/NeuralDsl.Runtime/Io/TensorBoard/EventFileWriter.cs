using System.Text;

namespace NeuralDsl;

/// <summary>
/// One TensorBoard event file, named as TensorFlow names it
/// (<c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;.&lt;pid&gt;.&lt;counter&gt;.v2</c>) and started with the
/// <c>file_version</c> event. Records are appended (<see cref="TfRecord"/>) and reach the file at <see cref="Flush"/>,
/// so a reader sees whole records while the run goes on. Not written atomically (<see cref="AtomicFile"/>) on purpose:
/// an event file grows during training, and a crash leaves at most a cut last record, which readers drop.
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    /// <summary>Numbers the files of this process, so that runs started in the same second get different names.</summary>
    private static int s_counter = -1;

    private readonly FileStream _stream;
    private byte[] _buffer = new byte[256];
    private bool _closed;

    private EventFileWriter(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The event file.</summary>
    public string Path { get; }

    /// <summary>Creates <paramref name="directory"/> if needed and a new event file in it.</summary>
    /// <exception cref="IOException">The directory or the file cannot be created; the message names the path.</exception>
    public static EventFileWriter Create(string directory)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string prefix = $"events.out.tfevents.{now.ToUnixTimeSeconds():D10}.{HostName()}.{Environment.ProcessId}.";
        try
        {
            Directory.CreateDirectory(directory);
            string path;
            // A file of that name from another process (one with the same host name and pid) is never overwritten.
            do path = System.IO.Path.Combine(directory, prefix + Interlocked.Increment(ref s_counter) + ".v2");
            while (File.Exists(path));
            var writer = new EventFileWriter(path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
            try
            {
                writer.WriteFileVersion(WallTime(now));
                writer.Flush();
            }
            catch (IOException)
            {
                writer.Close();
                throw;
            }
            return writer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create a TensorBoard event file in {directory}: {e.Message}", e);
        }
    }

    /// <summary>Appends the scalar <paramref name="tag"/> = <paramref name="value"/> at <paramref name="step"/>.</summary>
    public void WriteScalar(string tag, float value, long step)
    {
        int tagLength = Encoding.UTF8.GetByteCount(tag);
        Span<byte> message = Buffer(EventMessage.ScalarSize(step, tagLength));
        int written = EventMessage.WriteScalar(message, WallTime(DateTimeOffset.UtcNow), step, tag, tagLength, value);
        Append(message[..written]);
    }

    /// <summary>Hands the records written so far to the operating system, where other processes (TensorBoard) see
    /// them and a crash of this process does not lose them.</summary>
    public void Flush()
    {
        try
        {
            _stream.Flush();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    /// <summary>Flushes to disk and closes the file; a second call does nothing.</summary>
    /// <exception cref="IOException">The last records could not be written; the file is closed all the same.</exception>
    public void Dispose()
    {
        if (Close() is { } failure) throw Failed(failure);
    }

    /// <summary>Closes the file, the handle even when writing what is left fails; returns that failure.</summary>
    private IOException? Close()
    {
        if (_closed) return null;
        _closed = true;
        IOException? failure = null;
        try
        {
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            failure = e;
        }
        try
        {
            _stream.Dispose();
        }
        catch (IOException e)
        {
            failure ??= e;
        }
        return failure;
    }

    private void WriteFileVersion(double wallTime)
    {
        Span<byte> message = Buffer(EventMessage.FileVersionSize);
        Append(message[..EventMessage.WriteFileVersion(message, wallTime)]);
    }

    private void Append(ReadOnlySpan<byte> message)
    {
        try
        {
            TfRecord.Write(_stream, message);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    /// <summary>The reused message buffer, grown for an unusually long tag.</summary>
    private Span<byte> Buffer(int size)
    {
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, 2 * _buffer.Length)];
        return _buffer.AsSpan(0, size);
    }

    private IOException Failed(IOException e) => new($"Cannot write the TensorBoard event file {Path}: {e.Message}", e);

    /// <summary>Seconds since the Unix epoch in whole microseconds, as TensorFlow's <c>wall_time</c>: exact in a double
    /// up to the division, so the first event's time never rounds up into the next second of the file's name.</summary>
    private static double WallTime(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond / 1e6;

    /// <summary>The host name as a file name part (TensorFlow writes it unchanged; a character no file name may hold
    /// becomes '_').</summary>
    private static string HostName()
    {
        string name = Environment.MachineName;
        if (name.Length == 0) return "localhost";
        char[] invalid = System.IO.Path.GetInvalidFileNameChars();
        return string.Create(name.Length, name, (span, source) =>
        {
            for (int i = 0; i < source.Length; i++) span[i] = Array.IndexOf(invalid, source[i]) >= 0 ? '_' : source[i];
        });
    }
}
