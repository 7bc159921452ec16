namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>Issue 12, item 8 (errors and links): a failed save names the target, not its temporary file, and a save
/// to a symbolic link writes the file it points at while the link stays a link.</summary>
public sealed class SaveErrorAndLinkTests : TempDirectory
{
    private static readonly SafeTensor[] Layout = [new("w", [2], 0, 2)];

    [Fact]
    public void A_missing_directory_is_named_through_the_target()
    {
        string target = PathOf(Path.Combine("absent", "weights.safetensors"));

        var e = Assert.Throws<DirectoryNotFoundException>(() => SafeTensors.Write(target, Layout, [1f, 2f]));

        Assert.StartsWith(target + ": could not be saved: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
    }

    [Fact]
    public void A_failing_move_is_named_through_the_target()
    {
        string target = PathOf("weights.safetensors");
        Directory.CreateDirectory(target);

        var e = Assert.ThrowsAny<IOException>(() => SafeTensors.Write(target, Layout, [1f, 2f]));

        Assert.StartsWith(target + ": could not be saved: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
    }

    [Fact]
    public void A_failing_write_is_named_through_the_target()
    {
        // /dev/full fails every write with "No space left on device", as a full disk does under a save.
        if (!File.Exists("/dev/full")) Assert.Skip("no /dev/full on this system");
        // Unbuffered, so the write itself fails and disposing has nothing left to flush.
        using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        using var stream = new TargetNamedStream(full, e => new IOException("target.safetensors: could not be saved: " + e.Message, e));

        var e = Assert.Throws<IOException>(() => stream.Write(new byte[4096]));

        Assert.StartsWith("target.safetensors: could not be saved: ", e.Message);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
    }

    [Fact]
    public void A_save_through_a_link_writes_its_target_and_keeps_the_link()
    {
        string real = PathOf("real.safetensors");
        string link = PathOf("link.safetensors");
        SafeTensors.Write(real, Layout, [1f, 2f]);
        File.CreateSymbolicLink(link, "real.safetensors");   // relative, as `ln -s` makes it

        SafeTensors.Write(link, Layout, [3f, 4f]);

        Assert.Equal("real.safetensors", new FileInfo(link).LinkTarget);
        var loaded = new float[2];
        SafeTensors.ReadInto(real, Layout, loaded);
        Assert.Equal([3f, 4f], loaded);
        Assert.Equal(["link.safetensors", "real.safetensors"], Files());
    }

    [Fact]
    public void A_save_through_a_chain_of_links_into_another_directory_writes_the_last_target()
    {
        string elsewhere = Directory.CreateDirectory(PathOf("elsewhere")).FullName;
        string real = Path.Combine(elsewhere, "real.safetensors");
        File.CreateSymbolicLink(PathOf("middle.safetensors"), real);   // dangling until the save creates it
        File.CreateSymbolicLink(PathOf("first.safetensors"), PathOf("middle.safetensors"));

        SafeTensors.Write(PathOf("first.safetensors"), Layout, [5f, 6f]);

        var loaded = new float[2];
        SafeTensors.ReadInto(real, Layout, loaded);
        Assert.Equal([5f, 6f], loaded);
        Assert.NotNull(new FileInfo(PathOf("first.safetensors")).LinkTarget);
        Assert.NotNull(new FileInfo(PathOf("middle.safetensors")).LinkTarget);
        Assert.Equal(["real.safetensors"], Directory.GetFiles(elsewhere).Select(Path.GetFileName));
    }

    [Fact]
    public void A_loop_of_links_is_an_error_naming_the_target()
    {
        string a = PathOf("a.safetensors");
        File.CreateSymbolicLink(a, PathOf("b.safetensors"));
        File.CreateSymbolicLink(PathOf("b.safetensors"), a);

        var e = Assert.ThrowsAny<IOException>(() => SafeTensors.Write(a, Layout, [1f, 2f]));

        Assert.StartsWith(a + ": could not be saved: ", e.Message);
        Assert.NotNull(new FileInfo(a).LinkTarget);
    }
}
