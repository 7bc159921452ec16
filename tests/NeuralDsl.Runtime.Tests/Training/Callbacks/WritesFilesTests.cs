namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>In data-parallel training the callbacks that write files run on rank 0 only; the others run on every rank.</summary>
public sealed class WritesFilesTests
{
    [Fact]
    public void Checkpoints_and_logs_write_files_and_the_monitors_do_not()
    {
        Assert.True(new ModelCheckpoint("best.safetensors").WritesFiles);
        Assert.True(new CsvLogger("training.csv").WritesFiles);
        Assert.True(new TensorBoardLogger("runs").WritesFiles);
        Assert.False(new EarlyStopping().WritesFiles);
        Assert.False(new ReduceLearningRateOnPlateau().WritesFiles);
        Assert.False(new LearningRateScheduler((_, rate) => rate).WritesFiles);
    }

    [Fact]
    public void Ranks_other_than_0_leave_out_the_callbacks_that_write_files()
    {
        var checkpoint = new ModelCheckpoint("best.safetensors");
        var stopping = new EarlyStopping();
        var options = new FitOptions { Callbacks = [checkpoint, stopping], OnEpochEnd = _ => true };

        Assert.Equal(3, new CallbackList(options, writesFiles: true).Count);
        Assert.Equal(2, new CallbackList(options, writesFiles: false).Count);
    }
}
