namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>A fresh directory for one test class instance, removed with everything in it.</summary>
public abstract class TempDirectory : IDisposable
{
    /// <summary>The directory.</summary>
    protected string Folder { get; } = Directory.CreateTempSubdirectory("ndsl-reliability-").FullName;

    /// <summary>A path inside <see cref="Folder"/>.</summary>
    protected string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The names of the files in <see cref="Folder"/>, sorted.</summary>
    protected string[] Files() => Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <inheritdoc/>
    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
