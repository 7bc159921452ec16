namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>Keras's EarlyStopping rules, worked by hand on scripted sequences of monitored values.</summary>
public sealed class EarlyStoppingTests
{
    [Fact]
    public void Stops_once_patience_epochs_pass_without_improvement()
    {
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 2 };
        var run = new ScriptedRun(stopping);
        // Improves at epochs 0 and 1; epochs 2 and 3 do not beat 0.9, so the wait reaches 2 at epoch 3.
        int epochs = run.Run("val_loss", 1.0f, 0.9f, 0.95f, 0.94f, 0.5f, 0.4f);
        Assert.Equal(4, epochs);
        Assert.Equal(3, stopping.StoppedEpoch);
        Assert.Equal(1, stopping.BestEpoch);
        Assert.Equal(0.9f, stopping.Best);
    }

    [Fact]
    public void An_improvement_resets_the_wait()
    {
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 2 };
        var run = new ScriptedRun(stopping);
        // Epoch 2 waits, epoch 3 improves (resetting), epochs 4 and 5 wait: stop after epoch 5.
        Assert.Equal(6, run.Run("val_loss", 1.0f, 0.9f, 0.95f, 0.8f, 0.85f, 0.81f, 0.1f));
        Assert.Equal(5, stopping.StoppedEpoch);
    }

    [Fact]
    public void A_change_within_min_delta_is_not_an_improvement()
    {
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 1, MinDelta = 0.05f };
        var run = new ScriptedRun(stopping);
        // 0.96 is only 0.04 below 1.0: no improvement, and with patience 1 training stops there.
        Assert.Equal(2, run.Run("val_loss", 1.0f, 0.96f, 0.1f));
        Assert.Equal(1.0f, stopping.Best);

        var looser = new EarlyStopping { Monitor = "val_loss", Patience = 1, MinDelta = 0.03f };
        Assert.Equal(3, new ScriptedRun(looser).Run("val_loss", 1.0f, 0.96f, 0.1f));
        Assert.Equal(0.1f, looser.Best);
    }

    [Fact]
    public void Accuracy_is_maximised_and_mode_overrides_the_name()
    {
        var auto = new EarlyStopping { Monitor = "val_accuracy", Patience = 1 };
        Assert.Equal(3, new ScriptedRun(auto).Run("val_accuracy", 0.5f, 0.6f, 0.55f, 0.9f));
        Assert.Equal(0.6f, auto.Best);

        var min = new EarlyStopping { Monitor = "val_accuracy", Patience = 1, Mode = MonitorMode.Min };
        Assert.Equal(2, new ScriptedRun(min).Run("val_accuracy", 0.5f, 0.6f, 0.55f, 0.9f));
        Assert.Equal(0.5f, min.Best);
    }

    [Fact]
    public void Restores_the_best_epochs_weights_bit_for_bit_when_stopping()
    {
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 2, RestoreBestWeights = true };
        var run = new ScriptedRun(stopping);
        Assert.Equal(6, run.Run("val_loss", 1.0f, 0.7f, 0.8f, 0.6f, 0.65f, 0.66f, 0.1f));
        // Best epoch 3 (0.6): its weights were all 4.
        Assert.Equal(3, stopping.BestEpoch);
        Assert.Equal([4f, 4f, 4f, 4f], run.Model.Parameters.ToArray());
    }

    [Fact]
    public void Restores_the_best_weights_also_when_training_runs_to_the_end()
    {
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 10, RestoreBestWeights = true };
        var run = new ScriptedRun(stopping);
        Assert.Equal(3, run.Run("val_loss", 0.5f, 0.3f, 0.4f));
        Assert.Equal(-1, stopping.StoppedEpoch);
        Assert.Equal([2f, 2f, 2f, 2f], run.Model.Parameters.ToArray());
    }

    [Fact]
    public void Without_restore_the_last_weights_stay()
    {
        var run = new ScriptedRun(new EarlyStopping { Monitor = "val_loss", Patience = 1 });
        Assert.Equal(3, run.Run("val_loss", 0.5f, 0.3f, 0.4f, 0.2f));
        Assert.Equal([3f, 3f, 3f, 3f], run.Model.Parameters.ToArray());
    }

    [Fact]
    public void Epochs_before_start_from_epoch_are_not_watched()
    {
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 0, StartFromEpoch = 3, RestoreBestWeights = true };
        var run = new ScriptedRun(stopping);
        // Epochs 0-2 rise but are warm-up; epoch 3 is the first watched (best), epoch 4 is worse: stop.
        Assert.Equal(5, run.Run("val_loss", 0.1f, 0.2f, 0.3f, 0.9f, 1.0f, 0.01f));
        Assert.Equal(3, stopping.BestEpoch);
        Assert.Equal([4f, 4f, 4f, 4f], run.Model.Parameters.ToArray());
    }

    [Fact]
    public void Patience_resets_only_when_the_baseline_is_beaten()
    {
        // Improvements that miss the baseline do not reset the wait (1, 2), so the first epoch that does not improve
        // (wait 3) stops training; without a baseline the wait starts again at each improvement.
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 2, Baseline = 0.5f };
        Assert.Equal(3, new ScriptedRun(stopping).Run("val_loss", 0.9f, 0.8f, 0.85f, 0.84f, 0.83f));
        Assert.Equal(2, stopping.StoppedEpoch);
        Assert.Equal(4, new ScriptedRun(new EarlyStopping { Monitor = "val_loss", Patience = 2 }).Run("val_loss", 0.9f, 0.8f, 0.85f, 0.84f, 0.83f));
    }

    [Fact]
    public void A_NaN_value_is_never_an_improvement()
    {
        var stopping = new EarlyStopping { Monitor = "loss", Patience = 1 };
        Assert.Equal(2, new ScriptedRun(stopping).Run("loss", 0.5f, float.NaN, 0.1f));
        Assert.Equal(0.5f, stopping.Best);
    }

    [Fact]
    public void An_unknown_monitor_fails_before_the_first_epoch_and_lists_the_names()
    {
        var run = new ScriptedRun(new EarlyStopping { Monitor = "val_acc" });
        var error = Assert.Throws<ArgumentException>(() => run.Run("val_loss", 1f));
        Assert.Contains("\"val_acc\"", error.Message);
        Assert.Contains("\"val_accuracy\"", error.Message);
        Assert.Contains("\"learning_rate\"", error.Message);
        Assert.Equal(0, run.History.Epochs);
    }

    [Fact]
    public void A_validation_monitor_without_validation_data_says_what_is_missing()
    {
        var training = new TrainingContext(new ScriptedModel(1), new Sgd(), new History(), 1, 1, 1, ["loss", "accuracy", "learning_rate"]);
        var error = Assert.Throws<ArgumentException>(() => new EarlyStopping().OnTrainBegin(training));
        Assert.Contains("ValidationSplit", error.Message);
    }

    [Fact]
    public void Bad_settings_are_rejected_by_name()
    {
        var training = new ScriptedRun().Training;
        Assert.Equal("Patience", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { Patience = -1 }.OnTrainBegin(training)).ParamName);
        Assert.Equal("minDelta", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { MinDelta = float.NaN }.OnTrainBegin(training)).ParamName);
    }
}
