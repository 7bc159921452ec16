using NeuralDsl.Distributed;
using NeuralDsl.Distributed.Native;

namespace NeuralDsl.Runtime.Tests.Distributed;

/// <summary>The world of a program not started by mpirun (one process, no MPI call), sharding, launcher detection and the
/// errors that say what is missing. (Runs under mpirun are in the end-to-end tests, DataParallel/.)</summary>
public sealed class MpiWorldTests
{
    private static MpiWorld SingleProcessWorld()
    {
        Assert.SkipWhen(MpiLaunch.IsStartedByLauncher(Environment.GetEnvironmentVariable), "These tests run under an MPI launcher.");
        return MpiWorld.Initialize();
    }

    [Fact]
    public void Without_a_launcher_the_world_is_one_process_whose_collectives_change_nothing()
    {
        using var world = SingleProcessWorld();
        using var another = MpiWorld.Initialize(); // no MPI state: any number may exist

        Assert.Equal((0, 1, true, false), (world.Rank, world.Size, world.IsRoot, world.UsesMpi));
        float[] floats = [1.5f, -2f, float.MaxValue];
        double[] doubles = [0.25, -7];
        int[] ints = [3, 4];
        world.AllReduceSum(floats);
        world.AllReduceSum(doubles);
        world.AllReduceMax(doubles);
        world.Broadcast(floats);
        world.Broadcast(ints);
        world.Barrier();
        Assert.Equal([1.5f, -2f, float.MaxValue], floats);
        Assert.Equal([0.25, -7], doubles);
        Assert.Equal([3, 4], ints);
        Assert.Equal(0, world.AllReduceCount);
        Assert.Equal(TimeSpan.Zero, world.AllReduceTime);
        Assert.Equal((0, 10), world.Shard(10));

        world.Dispose();
        Assert.Throws<ObjectDisposedException>(() => world.AllReduceSum(floats));
    }

    [Fact]
    public void A_world_of_one_shards_to_everything()
    {
        using var world = SingleProcessWorld();
        float[] x = [1, 2, 3, 4, 5, 6];
        int[] labels = [7, 8, 9];

        var (shardX, shardLabels) = world.Shard(x, labels);
        var data = world.Shard(new LabeledData(x, labels, 2));

        Assert.Equal(x, shardX);
        Assert.Equal(labels, shardLabels);
        Assert.Equal(x, world.Shard<float>(x, 3).ToArray());
        Assert.Equal(x, data.Features);
        Assert.Equal("only", world.Shard(["only"]));
    }

    [Fact]
    public void Data_split_for_another_number_of_ranks_is_refused_naming_both_counts()
    {
        using var world = SingleProcessWorld();

        var parts = Assert.Throws<ArgumentException>(() => world.Shard(["a.idx", "b.idx"]));
        Assert.Contains("split into 2 parts, but the world has 1 ranks", parts.Message, StringComparison.Ordinal);
        var ragged = Assert.Throws<ArgumentException>(() => world.Shard(new float[7], new int[3]));
        Assert.Contains("7 values", ragged.Message, StringComparison.Ordinal);
        Assert.Contains("3 labels", ragged.Message, StringComparison.Ordinal);
        var width = Assert.Throws<ArgumentException>(() => world.Shard<float>(new float[7], 2));
        Assert.Contains("7 values are not a whole number of rows of 2", width.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 1, new[] { 10 })]
    [InlineData(10, 3, new[] { 3, 3, 4 })]
    [InlineData(2, 4, new[] { 0, 1, 0, 1 })]
    [InlineData(0, 2, new[] { 0, 0 })]
    [InlineData(128, 4, new[] { 32, 32, 32, 32 })]
    public void Shares_are_contiguous_cover_every_row_once_and_differ_by_at_most_one(int rows, int size, int[] counts)
    {
        int next = 0;
        for (int rank = 0; rank < size; rank++)
        {
            var (start, count) = RowShare.Of(rows, rank, size);
            Assert.Equal(next, start);
            Assert.Equal(counts[rank], count);
            next += count;
        }
        Assert.Equal(rows, next);
        Assert.True(counts.Max() - counts.Min() <= 1);
    }

    [Fact]
    public void Shares_of_large_row_counts_do_not_overflow()
    {
        var (start, count) = RowShare.Of(int.MaxValue, 6, 7);
        Assert.Equal(int.MaxValue - start, count);
        Assert.Equal((long)int.MaxValue * 6 / 7, start);
        Assert.Throws<ArgumentOutOfRangeException>(() => RowShare.Of(10, 2, 2));
    }

    [Theory]
    [InlineData("OMPI_COMM_WORLD_SIZE", true)]
    [InlineData("PMI_SIZE", true)]
    [InlineData("PMIX_RANK", true)]
    [InlineData("OMPI_MCA_btl", false)]
    public void A_launcher_is_recognised_by_its_variables(string variable, bool launched)
    {
        var environment = new Dictionary<string, string> { [variable] = "2" };
        Assert.Equal(launched, MpiLaunch.IsStartedByLauncher(name => environment.GetValueOrDefault(name)));
        Assert.False(MpiLaunch.IsStartedByLauncher(_ => null));
        Assert.False(MpiLaunch.IsStartedByLauncher(_ => ""));
    }

    [Fact]
    public void A_missing_mpi_library_says_what_to_install()
    {
        var error = Assert.Throws<MpiException>(() => MpiLibrary.Open("libmpi-that-is-not-installed.so.99"));

        Assert.Contains("libmpi-that-is-not-installed.so.99", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", error.Message, StringComparison.Ordinal);
        Assert.Equal("", error.Function);
    }

    [Fact]
    public void A_failed_call_is_named_with_its_code_and_description()
    {
        var error = new MpiException("MPI_Allreduce", 13, "MPI_ERR_OTHER: known error not in list");

        Assert.Equal("MPI_Allreduce failed with error 13: MPI_ERR_OTHER: known error not in list", error.Message);
        Assert.Equal(("MPI_Allreduce", 13), (error.Function, error.ErrorCode));
    }

    [Fact]
    public void Open_mpi_exports_every_handle_the_bindings_pass()
    {
        MpiHandles? loaded = null;
        string missing = "";
        try
        {
            loaded = MpiLibrary.Load();
        }
        catch (MpiException e) when (e.Function == "")
        {
            missing = e.Message;
        }
        Assert.SkipWhen(loaded is null, "Open MPI is not installed (.ci/run installs openmpi-bin libopenmpi-dev): " + missing);
        var handles = loaded!.Value;
        nint[] all = [handles.CommWorld, handles.Float, handles.Double, handles.Int, handles.Sum, handles.Max, handles.ErrorsReturn];
        Assert.All(all, handle => Assert.NotEqual(0, handle));
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.Equal(1, handles.InPlace);
    }
}
