using NeuralDsl.Runtime.Tests.Distributed;
using NeuralDsl.Runtime.Tests.Model;
using static NeuralDsl.Runtime.Tests.Model.StatefulModel;

namespace NeuralDsl.Runtime.Tests.OpenCl;

/// <summary>State tensors on the OpenCL backend (PoCL in CI), with <see cref="StatefulModel"/>'s hand-written OpenCL passes:
/// the state the device's forward pass writes reaches the host as the CPU's does, and the device's optimizer never steps it.</summary>
[Collection(OpenClCollection.Name)]
public sealed class StateOnDeviceTests(OpenClFixture fixture)
{
    private static readonly float[] X = [0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 1f, 3f];
    private static readonly float[] Y = [1f, 0f, 2.5f, -0.5f, 0f, 1f, 1.25f, 2f];

    private StatefulModel OnDevice()
    {
        var model = new StatefulModel();
        model.UseDevice(fixture.Device);
        return model;
    }

    [Fact]
    public void StoreState_and_LoadState_move_the_state_and_nothing_else()
    {
        var model = OnDevice();
        var backend = model.Backend;
        var host = model.ParameterBuffer;
        backend.LoadParameters();
        float[] state = [7f, 8f, 9f, 10f, 11f, 12f];
        state.CopyTo(host.AsSpan(MovingMean));
        host[Gamma] = 42f; // a weight the device does not get

        backend.LoadState();
        host.AsSpan(MovingMean).Clear();
        backend.StoreState();

        Assert.Equal(state, host[MovingMean..].ToArray());
        Assert.Equal(42f, host[Gamma]);
        backend.StoreParameters();
        Assert.Equal(InitialParameters[Gamma], host[Gamma]);
        Assert.Equal(state, host[MovingMean..].ToArray());
    }

    [Fact]
    public void ComputeGradients_on_the_device_keeps_the_state_its_training_pass_wrote()
    {
        var model = OnDevice();
        var reference = new StatefulReference();
        var rows = StatefulReference.Rows(X, 0, 4);
        var gradient = reference.Gradient(rows, StatefulReference.Rows(Y, 0, 4));
        reference.Forward(rows);

        model.ComputeGradients(X, Y);

        StatefulReference.AssertClose(reference.Parameters, model.Parameters, 0, ParameterCount, "after ComputeGradients");
        StatefulReference.AssertClose(gradient, model.Gradients, 0, MovingMean, "gradients");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void Fit_on_the_device_moves_the_state_by_the_forward_pass_only(string name)
    {
        const double LearningRate = 0.1;
        var model = OnDevice();
        var reference = new StatefulReference();
        var rows = StatefulReference.Rows(X, 0, 4);
        var gradient = reference.Gradient(rows, StatefulReference.Rows(Y, 0, 4));
        reference.Forward(rows);
        // Adam's first step is lr·√(1 − β2)/(1 − β1) · (1 − β1) g / (√((1 − β2) g²) + ε).
        var step = name == "sgd" ? gradient
            : gradient.Select(g => Math.Sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * g) / (Math.Sqrt(0.001 * g * g) + 1e-7)).ToArray();
        reference.Step(LearningRate, step);
        Optimizer optimizer = name == "sgd" ? new Sgd((float)LearningRate) : new Adam((float)LearningRate);

        model.Fit(X, Y, new FitOptions { Epochs = 1, BatchSize = 4, Shuffle = false, Optimizer = optimizer, Verbose = Verbosity.Silent });

        // A step of the state by the stray gradient of 1000 would show as a change of 100 (SGD) or 0.1 (Adam).
        StatefulReference.AssertClose(reference.Parameters, model.Parameters, 0, ParameterCount, name);
    }

    [Fact]
    public void Data_parallel_ranks_on_the_device_end_with_the_same_average_state()
    {
        // The two ranks share the one device (and its queue) here; each reads its state after its forward pass and loads the
        // average back (StoreState, LoadState).
        var models = StateAveragingTests.FitOnAllRanks(statisticsTrainable: true, fixture.Device);

        Assert.Equal(StateAveragingTests.Bits(models[0]), StateAveragingTests.Bits(models[1]));
        StatefulReference.AssertClose(StateAveragingTests.Reference(statisticsTrains: true).Parameters, models[0].Parameters, 0, ParameterCount, "rank 0");
    }
}
