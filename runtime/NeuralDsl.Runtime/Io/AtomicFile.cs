namespace NeuralDsl;

/// <summary>
/// A file written so that a crash at any moment leaves either the old complete file or the new one: the bytes go to
/// a temporary file beside the target, are flushed to disk on <see cref="Commit"/>, and the temporary file is then
/// moved over the target; disposing without committing deletes it. Every file the library writes in one piece
/// (weights, checkpoints, charts, CSV logs) goes through here.
/// <code>
/// using var file = AtomicFile.Create(path);
/// file.Stream.Write(...);
/// file.Commit();
/// </code>
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    /// <summary>The target's name is shortened to this many characters in the temporary name, so that a target whose
    /// name is near the file system's limit (255 bytes) still gets a temporary file.</summary>
    private const int MaxTempPrefix = 100;

    private readonly string _path, _temp;
    private bool _committed;

    private AtomicFile(string path, string temp)
    {
        _path = path;
        _temp = temp;
        Stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
    }

    /// <summary>Where the new content goes.</summary>
    public FileStream Stream { get; }

    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        string name = Path.GetFileName(fullPath);
        if (name.Length > MaxTempPrefix) name = name[..MaxTempPrefix];
        return new AtomicFile(fullPath, Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp"));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, atomically.</summary>
    public static void WriteText(string path, string text)
    {
        using var file = Create(path);
        using (var writer = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), leaveOpen: true))
            writer.Write(text);
        file.Commit();
    }

    /// <summary>Flushes the content to disk and puts it in place of the target.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        Stream.Dispose();
        try
        {
            File.Delete(_temp);
        }
        catch (IOException)
        {
            // Best effort: the exception that stopped the write matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
