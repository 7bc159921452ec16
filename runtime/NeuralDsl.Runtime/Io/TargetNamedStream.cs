namespace NeuralDsl;

/// <summary>
/// The write-only stream <see cref="AtomicFile"/> hands out: it forwards to the temporary file and turns its I/O errors
/// (a full disk, a quota) into errors that name the target the caller is saving, which is the file the caller knows.
/// </summary>
internal sealed class TargetNamedStream(FileStream inner, Func<Exception, Exception> nameTarget) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException("An atomic write only appends.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw nameTarget(e);
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw nameTarget(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An atomic write cannot be read.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An atomic write only appends.");

    public override void SetLength(long value) => throw new NotSupportedException("An atomic write only appends.");
}
