namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>The progress bar's numbers and ETA, as Keras prints them.</summary>
public sealed class ProgressPrinterTests
{
    [Theory]
    [InlineData(0.5f, "0.5000")]
    [InlineData(12.34567f, "12.3457")]
    [InlineData(0f, "0.0000")]
    [InlineData(0.0001f, "1.0000e-04")]
    public void Numbers_have_four_decimals_or_an_exponent_below_a_thousandth(float value, string expected) =>
        Assert.Equal(expected, ProgressPrinter.Number(value));

    [Theory]
    [InlineData(7.4, "7s")]
    [InlineData(65, "1:05")]
    [InlineData(3725, "1:02:05")]
    public void Durations_read_as_keras_eta(double seconds, string expected) =>
        Assert.Equal(expected, ProgressPrinter.Duration(seconds));

    [Theory]
    [InlineData(0.3, 1000, "0.3s 300us/step")] // was "0ms/step"
    [InlineData(0.0004, 1, "0.0s 400us/step")]
    [InlineData(2.1, 375, "2.1s 6ms/step")]
    [InlineData(20, 10, "20.0s 2s/step")] // was "2000ms/step"
    [InlineData(0, 10, "0.0s 0s/step")]
    public void The_time_per_step_is_in_us_ms_or_s_as_keras_prints_it(double seconds, int steps, string expected)
    {
        var log = new StringWriter();
        var printer = new ProgressPrinter(Verbosity.OneLinePerEpoch, log, epochs: 1, steps: steps, live: false);
        printer.BeginEpoch(0);
        printer.EndEpoch(new EpochLog(0, new Dictionary<string, float> { ["loss"] = 0.5f }, seconds));
        Assert.Contains($"{steps}/{steps} - {expected} - loss: 0.5000", log.ToString());
    }

    [Theory]
    [InlineData(Verbosity.ProgressBar, true)]
    [InlineData(Verbosity.OneLinePerEpoch, true)]
    [InlineData(Verbosity.Silent, false)] // also every data-parallel rank but 0, whose printer is silent
    public void Callbacks_report_to_the_log_only_when_the_run_prints(Verbosity verbosity, bool reports)
    {
        var log = new StringWriter();
        var printer = new ProgressPrinter(verbosity, log, epochs: 1, steps: 10, live: false);
        Assert.Equal(reports ? log : null, printer.Messages);
    }

    [Fact]
    public void A_live_bar_shows_the_eta_and_the_running_metrics_then_the_epoch_line()
    {
        var log = new StringWriter();
        var printer = new ProgressPrinter(Verbosity.ProgressBar, log, epochs: 2, steps: 10, live: true);
        printer.BeginEpoch(0);
        var metrics = new Dictionary<string, float> { ["loss"] = 0.75f, ["accuracy"] = 0.5f };
        // 4 of 10 steps in 8 s: 6 steps left at 2 s each.
        printer.Step(4, new BatchLog(0, 3, 4, metrics), TimeSpan.FromSeconds(8));
        printer.EndEpoch(new EpochLog(0, new Dictionary<string, float> { ["loss"] = 0.7f, ["val_loss"] = 0.8f }, 20));
        string text = log.ToString();
        Assert.Contains("\r 4/10 [===========>..................] - ETA: 12s - loss: 0.7500 - accuracy: 0.5000", text);
        Assert.Contains("\r10/10 [==============================] - 20.0s 2s/step - loss: 0.7000 - val_loss: 0.8000", text);
        Assert.StartsWith("Epoch 1/2", text);
    }

    [Theory]
    [InlineData(Verbosity.ProgressBar, false)] // a bar written to a file or CI log: no redraws
    [InlineData(Verbosity.OneLinePerEpoch, true)]
    [InlineData(Verbosity.Silent, true)]
    public void Only_a_live_bar_reads_the_running_metrics(Verbosity verbosity, bool terminal)
    {
        var printer = new ProgressPrinter(verbosity, new StringWriter(), epochs: 1, steps: 10, live: terminal);
        var batch = new BatchLog();
        int reads = 0;
        printer.BeginEpoch(0);
        for (int step = 1; step <= 10; step++)
        {
            batch.Invalidate(metrics => { reads++; metrics["loss"] = step; });
            printer.Step(step, batch, TimeSpan.FromSeconds(step));
        }
        Assert.Equal(0, reads);

        var live = new ProgressPrinter(Verbosity.ProgressBar, new StringWriter(), epochs: 1, steps: 10, live: true);
        live.BeginEpoch(0);
        for (int step = 1; step <= 10; step++)
        {
            batch.Invalidate(metrics => { reads++; metrics["loss"] = step; });
            live.Step(step, batch, TimeSpan.FromSeconds(step));
        }
        Assert.Equal(9, reads); // every redraw (each a second apart here) but the last step, which the epoch line shows
    }
}
