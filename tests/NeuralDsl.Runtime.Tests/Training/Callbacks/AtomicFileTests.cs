namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>Every one-piece file the library writes goes through AtomicFile: old file or new file, never a torn one.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_write_that_fails_half_way_leaves_the_old_file_and_no_temporary()
    {
        string path = Path.Combine(_directory, "weights.bin");
        File.WriteAllText(path, "old");
        void Crash()
        {
            using var file = AtomicFile.Create(path);
            file.Stream.Write("new, but only half"u8);
            throw new IOException("crash");
        }
        Assert.Throws<IOException>(Crash);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["weights.bin"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_committed_write_replaces_the_file()
    {
        string path = Path.Combine(_directory, "weights.bin");
        File.WriteAllText(path, "old");
        AtomicFile.WriteText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_name_near_the_file_system_limit_still_gets_a_temporary_file()
    {
        string path = Path.Combine(_directory, new string('w', 240) + ".safetensors");
        AtomicFile.WriteText(path, "long");
        Assert.Equal("long", File.ReadAllText(path));
    }
}
