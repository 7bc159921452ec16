using NeuralDsl.Runtime.Tests.Reliability;
using static NeuralDsl.Runtime.Tests.Model.StatefulModel;

namespace NeuralDsl.Runtime.Tests.Model;

/// <summary>State tensors in training, saving and loading, on <see cref="StatefulModel"/> (CPU): the forward pass moves
/// them, the optimizer never does, and they travel with the weights.</summary>
public sealed class StateTrainingTests : TempDirectory
{
    // Four rows of two inputs and their targets: one batch.
    private static readonly float[] X = [0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 1f, 3f];
    private static readonly float[] Y = [1f, 0f, 2.5f, -0.5f, 0f, 1f, 1.25f, 2f];

    private static FitOptions OneStep(Optimizer optimizer) =>
        new() { Epochs = 1, BatchSize = 4, Shuffle = false, Optimizer = optimizer, Verbose = Verbosity.Silent };

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void An_optimizer_step_leaves_the_state_untouched_even_with_a_gradient_there(string name)
    {
        const double LearningRate = 0.05;
        var model = new StatefulModel();
        var gradients = model.GradientBuffer;
        for (int i = 0; i < gradients.Count; i++) gradients[i] = 0.5f + 0.25f * i; // every position, state included
        Optimizer optimizer = name == "sgd" ? new Sgd((float)LearningRate) : new Adam((float)LearningRate);

        model.Backend.Update(optimizer);

        var expected = InitialParameters.Select(value => (double)value).ToArray();
        for (int i = 0; i < MovingMean; i++)
        {
            double g = gradients[i];
            // Adam's first step, as Keras writes it: m = (1 − β1) g, v = (1 − β2) g², w −= lr·√(1 − β2)/(1 − β1) · m / (√v + ε).
            expected[i] -= name == "sgd" ? LearningRate * g
                : LearningRate * Math.Sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * g) / (Math.Sqrt(0.001 * g * g) + 1e-7);
        }
        StatefulReference.AssertClose(expected, model.ParameterBuffer, 0, MovingMean, name);
        Assert.Equal(InitialParameters[MovingMean..], model.ParameterBuffer[MovingMean..].ToArray());
        Assert.Equal(1, optimizer.Iterations);
    }

    [Fact]
    public void Fit_moves_the_state_by_the_forward_pass_and_the_weights_by_the_optimizer()
    {
        var model = new StatefulModel();
        var reference = new StatefulReference();
        var rows = StatefulReference.Rows(X, 0, 4);
        var gradient = reference.Gradient(rows, StatefulReference.Rows(Y, 0, 4));
        reference.Forward(rows);
        reference.Step(0.1, gradient);

        model.Fit(X, Y, OneStep(new Sgd(0.1f)));

        // An optimizer that stepped the state would have moved it by 0.1 × the stray gradient of 1000.
        StatefulReference.AssertClose(reference.Parameters, model.Parameters, 0, ParameterCount, "after one step");
        Assert.Equal(4, model.TrainableParameterCount);
    }

    [Fact]
    public void A_model_whose_only_trainable_layer_holds_state_still_fits_and_moves_only_that_state()
    {
        var model = new StatefulModel();
        model.SetTrainable("batch_normalization", false);
        var reference = new StatefulReference { NormalizationTrains = false };
        reference.Forward(StatefulReference.Rows(X, 0, 4));

        model.Fit(X, Y, OneStep(new Adam()));

        Assert.Equal(0, model.TrainableParameterCount);
        Assert.Equal(InitialParameters[..StatisticsMean], model.Parameters[..StatisticsMean].ToArray());
        StatefulReference.AssertClose(reference.Parameters, model.Parameters, StatisticsMean, ParameterCount, "statistics");
    }

    [Fact]
    public void Fit_refuses_a_model_whose_layers_are_all_frozen_state_or_not()
    {
        var model = new StatefulModel(statisticsTrainable: false);
        model.SetTrainable("batch_normalization", false);

        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(X, Y, OneStep(new Sgd())));

        Assert.Contains("Fit has nothing to train", e.Message, StringComparison.Ordinal);
        Assert.Contains("(batch_normalization, statistics)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_counts_state_under_non_trainable()
    {
        var model = new StatefulModel();
        Assert.Contains($"Total params: 10{Environment.NewLine}Trainable params: 4{Environment.NewLine}Non-trainable params: 6", model.Summary(), StringComparison.Ordinal);

        model.SetTrainable("batch_normalization", false);
        Assert.Contains($"Total params: 10{Environment.NewLine}Trainable params: 0{Environment.NewLine}Non-trainable params: 10", model.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_and_loading_carry_the_state()
    {
        var trained = new StatefulModel();
        trained.Fit(X, Y, OneStep(new Sgd(0.1f)));
        Assert.NotEqual(InitialParameters[MovingMean..], trained.Parameters[MovingMean..].ToArray());
        string path = PathOf("stateful.safetensors");
        trained.Save(path);

        var strict = new StatefulModel();
        strict.LoadWeights(path);
        Assert.Equal(trained.Parameters.ToArray(), strict.Parameters.ToArray());

        var byName = new StatefulModel();
        var report = byName.LoadWeights(path, WeightMatching.ByName);
        Assert.Equal(trained.Parameters.ToArray(), byName.Parameters.ToArray());
        Assert.Equal(
            ["batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance", "statistics/moving_mean"],
            report.Loaded);
        Assert.Empty(report.NotLoaded);
        Assert.Empty(report.Unused);
    }

    [Fact]
    public void Copying_weights_copies_state_like_a_weight()
    {
        var trained = new StatefulModel();
        trained.Fit(X, Y, OneStep(new Sgd(0.1f)));
        var reusing = new StatefulModel();

        reusing.CopyFrom(trained, "batch_normalization/moving_mean", "batch_normalization/moving_variance");

        Assert.Equal(trained.Parameters[MovingMean..StatisticsMean].ToArray(), reusing.Parameters[MovingMean..StatisticsMean].ToArray());
        Assert.Equal(InitialParameters[..MovingMean], reusing.Parameters[..MovingMean].ToArray());
        Assert.Equal(InitialParameters[StatisticsMean..], reusing.Parameters[StatisticsMean..].ToArray());
    }

    [Fact]
    public void ComputeGradients_keeps_the_state_its_training_pass_wrote()
    {
        var model = new StatefulModel();
        var reference = new StatefulReference();
        var rows = StatefulReference.Rows(X, 0, 4);
        var gradient = reference.Gradient(rows, StatefulReference.Rows(Y, 0, 4));
        reference.Forward(rows);

        model.ComputeGradients(X, Y);

        StatefulReference.AssertClose(reference.Parameters, model.Parameters, 0, ParameterCount, "after ComputeGradients");
        StatefulReference.AssertClose(gradient, model.Gradients, 0, MovingMean, "gradients");
    }
}
