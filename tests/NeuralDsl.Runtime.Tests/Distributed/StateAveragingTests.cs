using NeuralDsl.Distributed;
using NeuralDsl.Runtime.Tests.Model;
using static NeuralDsl.Runtime.Tests.Model.StatefulModel;

namespace NeuralDsl.Runtime.Tests.Distributed;

/// <summary>
/// Data-parallel Fit of <see cref="StatefulModel"/> on two ranks of an <see cref="InProcessGroup"/>: each rank's forward
/// pass moves the state from its own rows, and every step ends with the ranks' average (weighted by their rows, as the
/// gradients are), so the ranks hold the same bits. Seven rows in batches of 4 and 3: the second batch splits 1 + 2, so the
/// weights are unequal, and two epochs, so the check at the second epoch's start compares the state between the ranks.
/// </summary>
public sealed class StateAveragingTests
{
    private const int Ranks = 2, Rows = 7, BatchSize = 4, Epochs = 2;
    private const double LearningRate = 0.1;

    private static readonly float[] X = [0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 1f, 3f, -2f, 0.5f, 0.25f, -1.25f, 1.75f, 2.5f];
    private static readonly float[] Y = [1f, 0f, 2.5f, -0.5f, 0f, 1f, 1.25f, 2f, -1f, 0.75f, 0.5f, -0.25f, 2f, 3f];

    [Fact]
    public void Every_rank_ends_each_step_with_the_average_of_the_ranks_state()
    {
        var models = FitOnAllRanks(statisticsTrainable: true, Device.Cpu);

        Assert.Equal(Bits(models[0]), Bits(models[1]));
        StatefulReference.AssertClose(Reference(statisticsTrains: true).Parameters, models[0].Parameters, 0, ParameterCount, "rank 0");
    }

    [Fact]
    public void A_frozen_layer_keeps_its_state_bit_for_bit()
    {
        var models = FitOnAllRanks(statisticsTrainable: false, Device.Cpu);

        Assert.Equal(Bits(models[0]), Bits(models[1]));
        // An average of equal values, weighted 1/3 and 2/3, need not give the value back; rank 0's alone does.
        Assert.Equal(InitialParameters[StatisticsMean..], models[0].Parameters[StatisticsMean..].ToArray());
        StatefulReference.AssertClose(Reference(statisticsTrains: false).Parameters, models[0].Parameters, 0, ParameterCount, "rank 0");
    }

    /// <summary>One model per rank on <paramref name="device"/>, trained together; every rank's Fit on a thread of its own.</summary>
    internal static StatefulModel[] FitOnAllRanks(bool statisticsTrainable, Device device)
    {
        var groups = InProcessGroup.Create(Ranks);
        var models = groups.Select(_ => new StatefulModel(statisticsTrainable)).ToArray();
        foreach (var model in models) model.UseDevice(device);
        var fits = groups.Select((group, rank) => Task.Run(() => models[rank].Fit(X, Y, new FitOptions
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            Shuffle = false,
            Optimizer = new Sgd((float)LearningRate),
            Verbose = Verbosity.Silent,
            DataParallel = group,
        }))).ToArray();
        Assert.True(Task.WaitAll(fits, TimeSpan.FromMinutes(2)), "The ranks' Fit calls did not finish.");
        return models;
    }

    /// <summary>The data-parallel run in double: per step, each rank's share moves its own copy of the state; the copies are
    /// averaged with weights rows / batch rows; the weights take one step of the whole batch's gradient.</summary>
    internal static StatefulReference Reference(bool statisticsTrains)
    {
        var reference = new StatefulReference { StatisticsTrains = statisticsTrains };
        var p = reference.Parameters;
        for (int epoch = 0; epoch < Epochs; epoch++)
            for (int start = 0; start < Rows; start += BatchSize)
            {
                int count = Math.Min(BatchSize, Rows - start);
                var gradient = reference.Gradient(StatefulReference.Rows(X, start, count), StatefulReference.Rows(Y, start, count));
                var before = p.ToArray();
                var average = new double[ParameterCount];
                for (int rank = 0; rank < Ranks; rank++)
                {
                    var (offset, rows) = RowShare.Of(count, rank, Ranks);
                    before.CopyTo(p, 0);
                    if (rows > 0) reference.Forward(StatefulReference.Rows(X, start + offset, rows));
                    for (int i = MovingMean; i < ParameterCount; i++) average[i] += (double)rows / count * p[i];
                }
                before.CopyTo(p, 0);
                for (int i = MovingMean; i < ParameterCount; i++) p[i] = average[i];
                reference.Step(LearningRate, gradient);
            }
        return reference;
    }

    internal static int[] Bits(StatefulModel model) => model.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
