using System.Diagnostics;
using System.IO.Compression;

namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>Issue 12, item 6: IDX files compressed as several gzip members, or followed by zero padding, read as gunzip
/// reads them, while a file cut off anywhere, or followed by other bytes, is still refused.</summary>
public sealed class GzipMembersTests : TempDirectory
{
    private static readonly int[] Shape = [40, 5, 5];

    private static byte[] Content()
    {
        var data = new byte[40 * 5 * 5];
        new Random(6).NextBytes(data);
        return data;
    }

    /// <summary>The raw IDX bytes of <see cref="Content"/>.</summary>
    private byte[] RawIdx()
    {
        string path = PathOf("raw.idx");
        Idx.Write(path, Content(), Shape);
        return File.ReadAllBytes(path);
    }

    private static byte[] Gzip(ReadOnlySpan<byte> bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>The IDX bytes split after <paramref name="splits"/> bytes, each part its own gzip member.</summary>
    private byte[] Members(params int[] splits)
    {
        byte[] raw = RawIdx();
        var file = new List<byte>();
        int start = 0;
        foreach (int end in splits.Append(raw.Length))
        {
            file.AddRange(Gzip(raw.AsSpan(start, end - start)));
            start = end;
        }

        return file.ToArray();
    }

    private string Save(string name, byte[] bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<int[]> Splits() => new([2], [16], [500], [2, 16, 17, 999], [0, 0]);

    [Theory]
    [MemberData(nameof(Splits))]
    public void Several_members_read_as_one_file(int[] splits)
    {
        IdxArray array = Idx.Read(Save("members.idx.gz", Members(splits)));

        Assert.Equal(Shape, array.Shape);
        Assert.Equal(Content(), array.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(512)]
    [InlineData(100_000)]
    public void Zero_padding_after_the_last_member_is_ignored(int zeros)
    {
        byte[] file = [.. Members(300), .. new byte[zeros]];

        Assert.Equal(Content(), Idx.Read(Save("padded.idx.gz", file)).Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cut_anywhere_in_the_last_member_is_refused_even_with_padding_after_it(bool padded)
    {
        byte[] whole = Members(300);
        int lastMember = Gzip(RawIdx().AsSpan(0, 300)).Length;
        for (int length = lastMember + 1; length < whole.Length; length++)
        {
            // Cutting only zero bytes off the end and padding with zeros gives back a whole file plus padding.
            if (padded && whole.AsSpan(length).IndexOfAnyExcept((byte)0) < 0) continue;
            byte[] cut = [.. whole.AsSpan(0, length), .. padded ? new byte[64] : []];
            string path = Save("cut.idx.gz", cut);

            var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

            Assert.StartsWith(path + ": ", e.Message);
        }
    }

    [Fact]
    public void A_cut_between_members_is_refused()
    {
        byte[] whole = Members(300);
        int first = Gzip(RawIdx().AsSpan(0, 300)).Length;
        string path = Save("half.idx.gz", whole[..first]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1 })]
    [InlineData(new byte[] { 0, 0, 0x78 })]
    [InlineData(new byte[] { 0x1F, 0x8B })]
    public void Bytes_other_than_zero_padding_after_the_data_are_refused(byte[] tail)
    {
        // gunzip reports these too: "trailing garbage ignored" (exit status 2) or "unexpected end of file".
        string path = Save("tail.idx.gz", [.. Members(300), .. tail]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.StartsWith(path + ": truncated or corrupt gzip stream", e.Message);
    }

    [Fact]
    public void Files_made_by_the_gzip_tool_read_as_gunzip_reads_them()
    {
        if (!OnPath("gzip")) Assert.Skip("the gzip tool is not installed");
        string raw = PathOf("tool.idx");
        Idx.Write(raw, Content(), Shape);
        byte[] rawBytes = File.ReadAllBytes(raw);
        File.WriteAllBytes(PathOf("a"), rawBytes[..100]);
        File.WriteAllBytes(PathOf("b"), rawBytes[100..]);
        Run("gzip", "-9", "-n", PathOf("a"));
        Run("gzip", "-1", PathOf("b"));
        byte[] members = [.. File.ReadAllBytes(PathOf("a.gz")), .. File.ReadAllBytes(PathOf("b.gz")), .. new byte[1024]];
        string path = Save("tool.idx.gz", members);

        Assert.Equal(rawBytes, Run("gunzip", "-c", path));
        Assert.Equal(Content(), Idx.Read(path).Data);

        string cut = Save("tool-cut.idx.gz", members[..^1030]);
        Assert.Throws<InvalidDataException>(() => Run("gunzip", "-c", cut));
        Assert.Throws<InvalidDataException>(() => Idx.Read(cut));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Runs a tool; its standard output, or <see cref="InvalidDataException"/> when it fails.</summary>
    private static byte[] Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidDataException($"{tool} exited with {process.ExitCode}: {error.Result}");
        return output.ToArray();
    }
}
