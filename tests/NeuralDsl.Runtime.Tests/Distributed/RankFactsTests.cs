using NeuralDsl.Distributed;

namespace NeuralDsl.Runtime.Tests.Distributed;

/// <summary>The comparison data-parallel Fit makes between ranks (<see cref="RankFacts"/>): every bit of a 128-bit checksum,
/// numbers exactly, the first difference named, and, reused at every epoch's start, no allocation.</summary>
public sealed class RankFactsTests
{
    /// <summary>What rank 1 finds when rank 0 added <paramref name="rank0"/>'s facts and rank 1 <paramref name="rank1"/>'s.</summary>
    private static FactDifference? Compare(Action<RankFacts> rank0, Action<RankFacts> rank1)
    {
        var recorder = new Recorder();
        var first = new RankFacts();
        rank0(first);
        Assert.Null(first.FirstDifference(recorder)); // alone, nothing differs
        var second = new RankFacts();
        rank1(second);
        return second.FirstDifference(new SecondRank(recorder.Sent));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(96)]
    [InlineData(127)]
    public void Checksums_that_differ_in_any_one_bit_differ(int bit)
    {
        var checksum = new UInt128(0x0123456789ABCDEF, 0xFEDCBA9876543210);
        var flipped = checksum ^ (UInt128.One << bit);

        var difference = Compare(facts => facts.AddChecksum("the checksum of the training inputs", checksum),
            facts => facts.AddChecksum("the checksum of the training inputs", flipped));

        Assert.NotNull(difference);
        Assert.Equal("the checksum of the training inputs", difference.Name);
        Assert.True(difference.IsChecksum);
        Assert.Equal("their checksums differ", difference.Describe());
        Assert.Equal("this rank has Adam", difference.Describe("this rank has Adam"));
        Assert.Null(Compare(facts => facts.AddChecksum("c", checksum), facts => facts.AddChecksum("c", checksum)));
    }

    [Fact]
    public void The_first_number_that_differs_is_named_with_the_range_over_the_ranks()
    {
        void Rank0(RankFacts facts)
        {
            facts.Add("the batch size", 32);
            facts.Add("the learning rate", 0.01f);
            facts.Add("the number of epochs", 4);
        }
        void Rank1(RankFacts facts)
        {
            facts.Add("the batch size", 32);
            facts.Add("the learning rate", 0.005f);
            facts.Add("the number of epochs", 5);
        }

        var difference = Compare(Rank0, Rank1);

        Assert.NotNull(difference);
        Assert.Equal("the learning rate", difference.Name);
        Assert.Equal(((double)0.005f, (double)0.01f, (double)0.005f), (difference.Smallest, difference.Largest, difference.Mine));
        Assert.False(difference.IsChecksum);
        Assert.Equal("from 0.005 to 0.01; this rank has 0.005", difference.Describe()); // as the floats print
    }

    [Fact]
    public void Refilled_facts_compare_without_allocating()
    {
        var facts = new RankFacts();
        var group = new Recorder();
        var checksum = new UInt128(1, 2);
        void Compare()
        {
            facts.Clear();
            facts.Add("the learning rate", 0.01);
            facts.Add("the optimizer's step count", 1234);
            facts.AddChecksum("the checksum of the parameters", checksum);
            Assert.Null(facts.FirstDifference(group));
        }
        Compare(); // the lists and the reduce buffer grow once

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int epoch = 0; epoch < 10; epoch++) Compare();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(6, facts.Count);
        Assert.Equal(12, group.Sent.Length);
    }

    /// <summary>A group whose all-reduce keeps what this rank sent (as if alone), for a second rank to reduce against.</summary>
    private sealed class Recorder : IDataParallelGroup
    {
        private double[] _sent = [];

        public double[] Sent => _sent;

        public int Rank => 0;
        public int Size => 2;

        public void AllReduceMax(Span<double> values)
        {
            if (_sent.Length != values.Length) _sent = new double[values.Length];
            values.CopyTo(_sent);
        }

        public void AllReduceSum(Span<float> values) => throw new NotSupportedException();
        public void AllReduceSum(Span<double> values) => throw new NotSupportedException();
        public void Broadcast(Span<float> values) => throw new NotSupportedException();
        public void Broadcast(Span<int> values) => throw new NotSupportedException();
        public void Abort(string message) => throw new NotSupportedException();
    }

    /// <summary>Rank 1 of two, whose rank 0 sent <paramref name="first"/> to the all-reduce of maxima.</summary>
    private sealed class SecondRank(double[] first) : IDataParallelGroup
    {
        public int Rank => 1;
        public int Size => 2;

        public void AllReduceMax(Span<double> values)
        {
            Assert.Equal(first.Length, values.Length); // a collective call needs the same length on every rank
            for (int i = 0; i < values.Length; i++) values[i] = Math.Max(values[i], first[i]);
        }

        public void AllReduceSum(Span<float> values) => throw new NotSupportedException();
        public void AllReduceSum(Span<double> values) => throw new NotSupportedException();
        public void Broadcast(Span<float> values) => throw new NotSupportedException();
        public void Broadcast(Span<int> values) => throw new NotSupportedException();
        public void Abort(string message) => throw new NotSupportedException();
    }
}
