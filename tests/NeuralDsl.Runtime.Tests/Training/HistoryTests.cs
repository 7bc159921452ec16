namespace NeuralDsl.Runtime.Tests.Training;

/// <summary>The result types of src/NeuralDsl refuse null arguments with an <see cref="ArgumentNullException"/> naming
/// them, never a <see cref="NullReferenceException"/> from deep inside; and a history keeps each value's epoch.</summary>
public sealed class HistoryTests
{
    private static Dictionary<string, float> Loss(float value) => new() { ["loss"] = value };

    [Fact]
    public void An_epoch_log_without_metrics_is_an_argument_null_error_and_the_history_stays_as_it_was()
    {
        var history = new History();
        history.Add(new EpochLog(0, Loss(1f), 1));

        var error = Assert.Throws<ArgumentNullException>(() => history.Add(new EpochLog(1, null!, 0)));
        Assert.Equal("Metrics", error.ParamName);
        var log = new EpochLog(1, Loss(0.5f), 1);
        Assert.Equal("Metrics", Assert.Throws<ArgumentNullException>(() => log with { Metrics = null! }).ParamName);

        Assert.Equal(1, history.Epochs);
        Assert.Equal([1f], history.Loss);
    }

    [Fact]
    public void Null_arguments_of_the_other_result_members_are_argument_null_errors()
    {
        Assert.Equal("epoch", Assert.Throws<ArgumentNullException>(() => new History().Add(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new History().Series(null!)).ParamName);
        Assert.Equal("Loaded", Assert.Throws<ArgumentNullException>(() => new WeightLoadReport(null!, [], [])).ParamName);
        Assert.Equal("NotLoaded", Assert.Throws<ArgumentNullException>(() => new WeightLoadReport([], null!, [])).ParamName);
        Assert.Equal("Unused", Assert.Throws<ArgumentNullException>(() => new WeightLoadReport([], [], null!)).ParamName);
        var report = new WeightLoadReport(["a"], [], []);
        Assert.Equal("Unused", Assert.Throws<ArgumentNullException>(() => report with { Unused = null! }).ParamName);
    }

    [Fact]
    public void A_metric_that_first_appears_in_a_later_epoch_keeps_that_epoch()
    {
        var history = new History();
        history.Add(new EpochLog(0, Loss(1f), 1));
        history.Add(new EpochLog(1, Loss(0.8f), 1));
        history.Add(new EpochLog(2, new Dictionary<string, float> { ["loss"] = 0.6f, ["val_loss"] = 0.7f }, 1));
        history.Add(new EpochLog(3, Loss(0.5f), 1));
        history.Add(new EpochLog(4, new Dictionary<string, float> { ["loss"] = 0.4f, ["val_loss"] = 0.45f }, 1));

        // As Keras's History.history, a series holds only the values recorded; their epochs are kept beside them.
        Assert.Equal([0.7f, 0.45f], history.ValLoss);
        Assert.Equal([2, 4], history.EpochsOf("val_loss"));
        Assert.Equal([0, 1, 2, 3, 4], history.EpochsOf("loss"));
        Assert.Empty(history.EpochsOf("accuracy"));
    }

    [Fact]
    public void A_series_changed_outside_Add_is_refused_where_its_epochs_are_needed()
    {
        var history = new History();
        history.Add(new EpochLog(0, Loss(1f), 1));
        history.Metrics["loss"].Add(2f);

        var error = Assert.Throws<InvalidOperationException>(() => history.EpochsOf("loss"));
        Assert.Contains("\"loss\"", error.Message);
        Assert.Contains("2 values", error.Message);
    }
}
