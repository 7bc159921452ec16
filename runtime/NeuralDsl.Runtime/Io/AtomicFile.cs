using System.Text;

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
/// <para>
/// A write that a crash or <c>kill -9</c> interrupts leaves its temporary file behind; the next write of the same
/// target removes such leftovers. A leftover is removed only when no process holds it (a writer keeps its temporary
/// file locked, <see cref="FileShare.None"/>, from creation until commit, and the operating system drops the lock when
/// the writer dies) and it was last written more than <see cref="LeftoverAge"/> ago (which covers the instant between
/// a writer creating its file and locking it, and between unlocking and moving it). A write to a symbolic link writes
/// the file the link points to and leaves the link in place. Errors name the target, not the temporary file.
/// </para>
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    /// <summary>How long a temporary file must have been left untouched before another write may remove it.</summary>
    internal static readonly TimeSpan LeftoverAge = TimeSpan.FromSeconds(10);

    /// <summary>The target's name is shortened to this many UTF-8 bytes in the temporary name (which adds 38 bytes:
    /// a dot, a dot, 32 hex digits, ".tmp"), so that a target whose name is near the file system's limit of 255
    /// bytes still gets a temporary file.</summary>
    private const int MaxTempPrefixBytes = 100;

    private const string TempExtension = ".tmp";
    private const int RandomHexDigits = 32;

    private readonly string _path, _temp, _shown;
    private readonly FileStream _file;
    private bool _committed;

    private AtomicFile(string path, string temp, string shown)
    {
        _path = path;
        _temp = temp;
        _shown = shown;
        try
        {
            _file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NameTarget(e);
        }

        Stream = new TargetNamedStream(_file, NameTarget);
    }

    /// <summary>Where the new content goes; its errors name the target.</summary>
    public Stream Stream { get; }

    /// <summary>Starts a write of <paramref name="path"/> (through a symbolic link to the file it points at), first
    /// removing what earlier interrupted writes of the same target left behind.</summary>
    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string shown = Path.GetFullPath(path);
        string target = ResolveLinks(shown);
        string directory = Path.GetDirectoryName(target)!;
        string prefix = TempPrefix(Path.GetFileName(target));
        RemoveLeftovers(directory, prefix);
        return new AtomicFile(target, Path.Combine(directory, $".{prefix}.{Guid.NewGuid():N}{TempExtension}"), shown);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, atomically.</summary>
    public static void WriteText(string path, string text)
    {
        using var file = Create(path);
        using (var writer = new StreamWriter(file.Stream, new UTF8Encoding(false), leaveOpen: true))
            writer.Write(text);
        file.Commit();
    }

    /// <summary>Flushes the content to disk and puts it in place of the target.</summary>
    public void Commit()
    {
        try
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(_temp, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NameTarget(e);
        }

        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        // Best effort: the exception that stopped the write matters more than a leftover temp file, which the next
        // write of this target removes.
        BestEffort(_file.Dispose);
        BestEffort(() => File.Delete(_temp));
    }

    private static void BestEffort(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The temporary file names of <paramref name="prefix"/>'s target: ".{prefix}.{32 hex digits}.tmp".</summary>
    internal static bool IsTemporaryOf(string name, string prefix)
    {
        if (name.Length != prefix.Length + RandomHexDigits + TempExtension.Length + 2
            || name[0] != '.'
            || !name.AsSpan(1).StartsWith(prefix, StringComparison.Ordinal)
            || name[prefix.Length + 1] != '.'
            || !name.EndsWith(TempExtension, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in name.AsSpan(prefix.Length + 2, RandomHexDigits))
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }

        return true;
    }

    /// <summary>The start of <paramref name="name"/> that fits in <see cref="MaxTempPrefixBytes"/> UTF-8 bytes, cut
    /// between characters (file-system limits count bytes, and a cut inside a character would not be a valid name).</summary>
    internal static string TempPrefix(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxTempPrefixBytes) return name;
        var prefix = new StringBuilder();
        int bytes = 0;
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxTempPrefixBytes) break;
            bytes += rune.Utf8SequenceLength;
            prefix.Append(rune.ToString());
        }

        return prefix.ToString();
    }

    /// <summary>The file a path finally names: a symbolic link (or a chain of them) is followed, so the new content
    /// replaces the file it points at while the link stays.</summary>
    private static string ResolveLinks(string fullPath)
    {
        var file = new FileInfo(fullPath);
        if (file.LinkTarget is null) return fullPath;   // not a link, or nothing there yet
        try
        {
            return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? fullPath;
        }
        catch (IOException e)
        {
            // A loop of links: writing past it would replace a link, which is not what the caller asked for.
            throw new IOException($"{fullPath}: could not be saved: {e.Message}", e);
        }
    }

    private static void RemoveLeftovers(string directory, string prefix)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, MatchType = MatchType.Simple };
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*" + TempExtension, options).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write itself reports a missing or unreadable directory, naming the target.
            return;
        }

        foreach (string file in files)
        {
            if (IsTemporaryOf(Path.GetFileName(file), prefix)) TryRemoveLeftover(file);
        }
    }

    private static void TryRemoveLeftover(string file)
    {
        try
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < LeftoverAge) return;

            // Opening with FileShare.None fails while a live writer holds the file; DeleteOnClose removes it on every
            // platform without a window in which a writer could start using it.
            using var probe = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            // Held by a live writer, or already removed by another: either way not ours to remove.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The same kind of exception, with a message that leads with the target and does not name the temporary file.</summary>
    private Exception NameTarget(Exception e)
    {
        string reason = e.Message.Replace(_temp, "(its temporary file)", StringComparison.Ordinal);
        string message = $"{_shown}: could not be saved: {reason}";
        return e switch
        {
            UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
            PathTooLongException => new PathTooLongException(message, e),
            FileNotFoundException => new FileNotFoundException(message, _shown, e),
            _ => new IOException(message, e),
        };
    }
}
