namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>ReduceLearningRateOnPlateau and LearningRateScheduler against rates worked out by hand.</summary>
public sealed class LearningRateCallbackTests
{
    [Fact]
    public void Plateau_multiplies_the_rate_after_patience_epochs_then_cools_down()
    {
        var plateau = new ReduceLearningRateOnPlateau { Monitor = "val_loss", Factor = 0.5f, Patience = 2, Cooldown = 2, MinDelta = 0f };
        var run = new ScriptedRun(plateau);
        // Epoch 0 is the best; 1 and 2 wait, so the rate of epoch 3 is halved. Keras's cooldown counts down first, so
        // with 2 only epoch 3 is skipped: 4 and 5 wait and halve the rate of epoch 6, which improves; 7 waits once.
        run.Run("val_loss", 1f, 1f, 1f, 1f, 1f, 1f, 0.5f, 0.6f);
        Assert.Equal([0.01f, 0.01f, 0.01f, 0.005f, 0.005f, 0.005f, 0.0025f, 0.0025f], run.LearningRates);
    }

    [Fact]
    public void Plateau_without_cooldown_counts_again_at_once_and_stops_at_the_minimum()
    {
        var plateau = new ReduceLearningRateOnPlateau { Monitor = "loss", Factor = 0.1f, Patience = 1, MinLearningRate = 0.0005f };
        var run = new ScriptedRun(plateau);
        run.Run("loss", 1f, 1f, 1f, 1f, 1f);
        Assert.Equal([0.01f, 0.01f, 0.01f * 0.1f, 0.0005f, 0.0005f], run.LearningRates);
    }

    [Fact]
    public void Plateau_honours_min_delta_as_keras_default()
    {
        var plateau = new ReduceLearningRateOnPlateau { Monitor = "val_loss", Factor = 0.5f, Patience = 1 };
        var run = new ScriptedRun(plateau);
        // 0.99995 is within Keras's default min_delta 1e-4 of 1: not an improvement.
        run.Run("val_loss", 1f, 0.99995f, 0.5f);
        Assert.Equal([0.01f, 0.01f, 0.005f], run.LearningRates);
    }

    [Fact]
    public void Plateau_rejects_a_factor_that_would_not_reduce()
    {
        var training = new ScriptedRun().Training;
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau { Factor = 1f }.OnTrainBegin(training));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau { Factor = 0f }.OnTrainBegin(training));
        Assert.Throws<ArgumentException>(() => new ReduceLearningRateOnPlateau { Monitor = "val_los" }.OnTrainBegin(training));
    }

    [Fact]
    public void Scheduler_sets_each_epochs_rate_from_the_epoch_and_the_current_rate()
    {
        var run = new ScriptedRun(new LearningRateScheduler((epoch, rate) => epoch < 2 ? rate : rate * 0.5f));
        run.Run("loss", 1f, 1f, 1f, 1f, 1f);
        Assert.Equal([0.01f, 0.01f, 0.005f, 0.0025f, 0.00125f], run.LearningRates);
        Assert.Equal(0.00125f, run.History.Series("learning_rate")[^1]);
    }

    [Fact]
    public void Scheduler_rejects_a_rate_that_is_not_positive_and_names_the_epoch()
    {
        var run = new ScriptedRun(new LearningRateScheduler((epoch, rate) => epoch == 2 ? 0f : rate));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => run.Run("loss", 1f, 1f, 1f));
        Assert.Contains("epoch 2", error.Message);
        Assert.Equal(0.01f, run.Optimizer.LearningRate);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void The_optimizer_refuses_a_rate_that_would_wreck_training(float rate)
    {
        var optimizer = new Sgd(0.5f);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = rate);
        Assert.Equal("LearningRate", error.ParamName);
        Assert.Equal(0.5f, optimizer.LearningRate);
    }
}
