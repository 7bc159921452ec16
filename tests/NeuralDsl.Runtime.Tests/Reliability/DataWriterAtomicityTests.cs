namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>The data writers (IDX, CIFAR-10) are one-piece writes too, so they go through <see cref="AtomicFile"/>:
/// a failed write leaves the old file, a write to a symbolic link writes its target, no temporary file stays.</summary>
public sealed class DataWriterAtomicityTests : TempDirectory
{
    [Theory]
    [InlineData("images.idx")]
    [InlineData("images.idx.gz")]
    public void Idx_write_through_a_link_replaces_the_target_and_keeps_the_link(string name)
    {
        string real = PathOf("real-" + name);
        Idx.Write(real, [1, 2, 3, 4], 2, 2);
        File.CreateSymbolicLink(PathOf(name), real);

        Idx.Write(PathOf(name), [5, 6, 7, 8, 9, 10], 3, 2);

        Assert.NotNull(new FileInfo(PathOf(name)).LinkTarget);
        Assert.Equal([5, 6, 7, 8, 9, 10], Idx.Read(real).Data);
        Assert.Equal([name, "real-" + name], Files());
    }

    [Fact]
    public void A_failed_Idx_write_leaves_the_old_file()
    {
        string path = PathOf("labels.idx");
        Idx.Write(path, [1, 2], 2);

        Assert.Throws<ArgumentException>(() => Idx.Write(path, [1, 2, 3], 2));

        Assert.Equal([1, 2], Idx.Read(path).Data);
        Assert.Equal(["labels.idx"], Files());
    }

    [Fact]
    public void Cifar10_batch_write_is_atomic_and_names_the_target_on_failure()
    {
        string missing = PathOf(Path.Combine("absent", "data_batch_1.bin"));

        var e = Assert.Throws<DirectoryNotFoundException>(() => Cifar10.WriteBatch(missing, new float[Cifar10.FeatureSize], [1]));

        Assert.StartsWith(missing + ": could not be saved: ", e.Message);
        string path = PathOf("data_batch_1.bin");
        Cifar10.WriteBatch(path, new float[Cifar10.FeatureSize], [4]);
        Assert.Equal([4], Cifar10.ReadBatch(path).Labels);
        Assert.Equal(["data_batch_1.bin"], Files());
    }
}
