using System.Text;

namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>Issue 12, item 7: a save works for every name the file system accepts, whose limit is 255 bytes (not
/// characters), so the temporary file's name must stay short in bytes too.</summary>
public sealed class SaveNameTests : TempDirectory
{
    private static readonly SafeTensor[] Layout = [new("w", [3], 0, 3)];

    public static TheoryData<string, string> Names() => new()
    {
        { "ASCII, 255 bytes", new string('w', 243) + ".safetensors" },
        { "3-byte characters, 255 bytes", string.Concat(Enumerable.Repeat("重", 81)) + ".safetensors" },
        { "2-byte characters, 255 bytes", "x" + string.Concat(Enumerable.Repeat("ü", 121)) + ".safetensors" },
        { "4-byte characters, 255 bytes", string.Concat(Enumerable.Repeat("🙂", 60)) + "ab.safetensors" + "x" },
        { "mixed, the cut falls inside a character", new string('a', 99) + string.Concat(Enumerable.Repeat("🙂", 38)) + ".st" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_save_to_a_name_of_the_longest_legal_length_works(string kind, string name)
    {
        Assert.True(Encoding.UTF8.GetByteCount(name) <= 255, kind);
        string path = PathOf(name);
        File.WriteAllBytes(path, [1]);   // the file system accepts the name

        SafeTensors.Write(path, Layout, [1f, 2f, 3f]);

        var loaded = new float[3];
        SafeTensors.ReadInto(path, Layout, loaded);
        Assert.Equal([1f, 2f, 3f], loaded);
        Assert.Equal([name], Files());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_temporary_name_is_cut_between_characters_within_100_bytes(string kind, string name)
    {
        string prefix = AtomicFile.TempPrefix(name);

        Assert.True(Encoding.UTF8.GetByteCount(prefix) is > 96 and <= 100, kind);
        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(prefix[^1]), kind);
    }

    [Fact]
    public void A_short_name_is_kept_whole_in_the_temporary_name()
    {
        Assert.Equal("weights.safetensors", AtomicFile.TempPrefix("weights.safetensors"));
    }
}
