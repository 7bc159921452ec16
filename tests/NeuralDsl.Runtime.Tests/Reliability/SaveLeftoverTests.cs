namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>
/// Issue 12, item 8 (cleanup): the next save of a target removes what interrupted saves of it left behind, that is its
/// temporary files that no live writer holds and that were last written more than <see cref="AtomicFile.LeftoverAge"/>
/// ago, and nothing else.
/// </summary>
public sealed class SaveLeftoverTests : TempDirectory
{
    private static string TempName(string target) => $".{target}.{Guid.NewGuid():N}.tmp";

    private string Leftover(string name, bool old = true)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, new byte[100]);
        if (old) File.SetLastWriteTimeUtc(path, DateTime.UtcNow - AtomicFile.LeftoverAge - TimeSpan.FromMinutes(1));
        return path;
    }

    [Fact]
    public void Old_unheld_leftovers_of_the_target_are_removed_by_the_next_save()
    {
        Leftover(TempName("weights.safetensors"));
        Leftover(TempName("weights.safetensors"));

        AtomicFile.WriteText(PathOf("weights.safetensors"), "new");

        Assert.Equal(["weights.safetensors"], Files());
    }

    [Fact]
    public void A_leftover_held_by_a_live_writer_is_kept()
    {
        string held = Leftover(TempName("weights.safetensors"));
        using (new FileStream(held, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            AtomicFile.WriteText(PathOf("weights.safetensors"), "new");

            Assert.True(File.Exists(held));
        }
    }

    [Fact]
    public void A_recent_leftover_is_kept_until_it_is_old()
    {
        // A writer in another process may be between creating its file and locking it.
        string recent = Leftover(TempName("weights.safetensors"), old: false);

        AtomicFile.WriteText(PathOf("weights.safetensors"), "new");
        Assert.True(File.Exists(recent));

        File.SetLastWriteTimeUtc(recent, DateTime.UtcNow - AtomicFile.LeftoverAge - TimeSpan.FromSeconds(1));
        AtomicFile.WriteText(PathOf("weights.safetensors"), "newer");
        Assert.False(File.Exists(recent));
    }

    [Fact]
    public void Files_that_are_not_leftovers_of_this_target_are_kept()
    {
        string[] others =
        [
            TempName("other.safetensors"),
            TempName("weights.safetensors.bak"),
            ".weights.safetensors.not-a-guid.tmp",
            ".weights.safetensors." + new string('A', 32) + ".tmp",
            "weights.safetensors.tmp",
        ];
        foreach (string name in others) Leftover(name);

        AtomicFile.WriteText(PathOf("weights.safetensors"), "new");

        Assert.Equal(others.Append("weights.safetensors").Order(StringComparer.Ordinal), Files());
    }

    [Fact]
    public void Leftovers_of_a_long_name_are_found_by_its_shortened_prefix()
    {
        string name = string.Concat(Enumerable.Repeat("重", 81)) + ".safetensors";
        Leftover(TempName(AtomicFile.TempPrefix(name)));

        AtomicFile.WriteText(PathOf(name), "new");

        Assert.Equal([name], Files());
    }

    [Fact]
    public void A_save_that_fails_leaves_no_temporary_file()
    {
        string target = PathOf("weights.safetensors");
        Directory.CreateDirectory(target);   // the move over a directory fails

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteText(target, "new"));

        Assert.Empty(Files());
    }
}
