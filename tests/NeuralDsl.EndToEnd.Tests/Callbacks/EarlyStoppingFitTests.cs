namespace NeuralDsl.EndToEnd.Tests.Callbacks;

/// <summary>
/// <see cref="EarlyStopping"/> says what it did, as Keras's does: the epoch it stopped at and the epoch whose weights it
/// restored, counted from 1 as the progress bar counts epochs, in the run's log, whenever <c>Fit</c> prints.
/// </summary>
public sealed class EarlyStoppingFitTests
{
    private static (float[] X, float[] Y) Data() => GradientCheckTests.Batch(new CallbackNet(1).Info, 120, seed: 11);

    private static FitOptions Options(Verbosity verbose, TextWriter log, EarlyStopping stopping) => new()
    {
        Epochs = 5,
        BatchSize = 16,
        ValidationSplit = 0.25f,
        Optimizer = new Adam(0.01f),
        Verbose = verbose,
        Log = log,
        Callbacks = [stopping],
    };

    // No change of val_loss is 100 or more, so the first epoch is the best and patience 1 stops after the second.
    private static EarlyStopping StopsAfterTheSecondEpoch() =>
        new() { Monitor = "val_loss", Patience = 1, MinDelta = 100, RestoreBestWeights = true };

    [Theory]
    [InlineData(Verbosity.ProgressBar)]
    [InlineData(Verbosity.OneLinePerEpoch)]
    public void Says_when_it_stopped_and_whose_weights_it_restored(Verbosity verbose)
    {
        var (x, y) = Data();
        var log = new StringWriter();
        var stopping = StopsAfterTheSecondEpoch();

        var history = new CallbackNet(5).Fit(x, y, Options(verbose, log, stopping));

        Assert.Equal(2, history.Epochs);
        Assert.Equal((1, 0), (stopping.StoppedEpoch, stopping.BestEpoch));
        string[] lines = log.ToString().Split(log.NewLine);
        // The last epoch's line, then what early stopping did, as Keras prints it.
        Assert.StartsWith("Epoch 2/5", lines[^5]);
        Assert.Equal(["Epoch 2: early stopping", "Restoring model weights from the end of the best epoch: 1.", ""], lines[^3..]);
    }

    [Fact]
    public void Says_whose_weights_it_restored_when_the_run_ends_without_stopping()
    {
        var (x, y) = Data();
        var log = new StringWriter();
        var stopping = new EarlyStopping { Monitor = "val_loss", Patience = 10, RestoreBestWeights = true };

        new CallbackNet(5).Fit(x, y, Options(Verbosity.OneLinePerEpoch, log, stopping));

        Assert.Equal(-1, stopping.StoppedEpoch);
        Assert.DoesNotContain("early stopping", log.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"Restoring model weights from the end of the best epoch: {stopping.BestEpoch + 1}.{log.NewLine}", log.ToString());
    }

    [Fact]
    public void A_silent_run_stops_silently()
    {
        var (x, y) = Data();
        var log = new StringWriter();
        var stopping = StopsAfterTheSecondEpoch();

        new CallbackNet(5).Fit(x, y, Options(Verbosity.Silent, log, stopping));

        Assert.Equal(1, stopping.StoppedEpoch);
        Assert.Empty(log.ToString());
    }
}
