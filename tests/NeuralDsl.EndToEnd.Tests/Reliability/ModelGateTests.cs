using System.Runtime.CompilerServices;

namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>
/// The model's gate on its own, with entries held on chosen threads, so that what the concurrent tests can only hit by
/// chance is checked every time: which entries wait for which, which throw, the messages, re-entry on the owning thread.
/// A blocked call is recognised by the gate's count of waiting calls, never by time.
/// </summary>
public sealed class ModelGateTests
{
    private static Exception? OnOtherThread(Action action)
    {
        var thread = Start(action, out var failure);
        thread.Join();
        return failure.Value;
    }

    private static Thread Start(Action action, out StrongBox<Exception?> failure)
    {
        var box = failure = new StrongBox<Exception?>();
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                box.Value = e;
            }
        });
        thread.Start();
        return thread;
    }

    private static void UntilWaiting(ModelGate gate, int calls) =>
        Assert.True(SpinWait.SpinUntil(() => gate.Waiting == calls, TimeSpan.FromSeconds(30)), $"{calls} call(s) should be waiting at the gate");

    [Fact]
    public void Shared_entries_coexist_and_an_exclusive_one_waits_for_them_to_end()
    {
        var gate = new ModelGate("net");
        var events = new List<string>();
        var first = gate.EnterShared("Predict");
        Assert.Null(OnOtherThread(() => gate.EnterShared("Evaluate").Dispose()));
        var second = gate.EnterShared("Predict");

        var loader = Start(() =>
        {
            using var entry = gate.EnterExclusive("LoadWeights");
            lock (events) events.Add("loaded");
        }, out var failure);
        UntilWaiting(gate, 1);
        // While LoadWeights waits for the predictions, new ones wait behind it rather than keep it out for ever.
        var late = Start(() =>
        {
            using var entry = gate.EnterShared("Predict");
            lock (events) events.Add("late prediction");
        }, out var lateFailure);
        UntilWaiting(gate, 2);
        lock (events) events.Add("predictions end");
        first.Dispose();
        second.Dispose();
        loader.Join();
        late.Join();

        Assert.Null(failure.Value);
        Assert.Null(lateFailure.Value);
        Assert.Equal(["predictions end", "loaded", "late prediction"], events);
    }

    [Fact]
    public void Fit_keeps_other_threads_out_with_an_exception_naming_it_and_lets_its_own_thread_in()
    {
        var gate = new ModelGate("net");
        var fit = gate.EnterExclusive("Fit", runsUserCode: true);
        // Fit's callbacks: they evaluate, load weights, even fit, on Fit's thread.
        gate.EnterShared("Evaluate").Dispose();
        var nested = gate.EnterExclusive("LoadWeights");

        var predict = Assert.IsType<InvalidOperationException>(OnOtherThread(() => gate.EnterShared("Predict").Dispose()));
        Assert.StartsWith("Predict cannot run on model 'net' while Fit is running on another thread", predict.Message);
        nested.Dispose();
        var useDevice = Assert.IsType<InvalidOperationException>(OnOtherThread(() => gate.EnterExclusive("UseDevice").Dispose()));
        Assert.StartsWith("UseDevice cannot start on model 'net' while Fit is running on another thread", useDevice.Message);
        Assert.Equal(0, gate.Waiting);

        fit.Dispose();
        Assert.Null(OnOtherThread(() => gate.EnterShared("Predict").Dispose()));
        Assert.Null(OnOtherThread(() => gate.EnterExclusive("UseDevice").Dispose()));
    }

    [Fact]
    public void Calls_wait_for_an_exclusive_call_that_runs_no_user_code()
    {
        var gate = new ModelGate("net");
        var events = new List<string>();
        var load = gate.EnterExclusive("LoadWeights");
        var predictor = Start(() =>
        {
            using var entry = gate.EnterShared("Predict");
            lock (events) events.Add("predicted");
        }, out var failure);
        var mover = Start(() =>
        {
            using var entry = gate.EnterExclusive("UseDevice");
            lock (events) events.Add("moved");
        }, out var moverFailure);
        UntilWaiting(gate, 2);
        lock (events) events.Add("loaded");
        load.Dispose();
        predictor.Join();
        mover.Join();

        Assert.Null(failure.Value);
        Assert.Null(moverFailure.Value);
        Assert.Equal("loaded", events[0]);
        Assert.Equal(["loaded", "moved", "predicted"], events.Order());
    }
}
