namespace NeuralDsl;

/// <summary>
/// Loss and metrics of a backend's passes, summed where the passes run: on the host by the CPU backend, on the device by
/// the OpenCL one, so that a training step never waits for its outputs to come back. The training loop, validation and
/// <c>Evaluate</c> use this one mechanism on every backend: <see cref="Add"/> after each forward pass, <see cref="ReadInto"/>
/// when a value is needed (the epoch's end, a progress bar's redraw, a callback that reads its batch log).
/// </summary>
internal interface IBatchMetrics : IDisposable
{
    /// <summary>Starts the sums again from zero (an epoch, a validation, an evaluation).</summary>
    void Reset();

    /// <summary>
    /// Adds the loss of the last forward pass over <paramref name="batch"/> (the batch mean plus the regularization
    /// penalty, weighted by its rows, exactly <see cref="MetricsAccumulator.MeanLoss"/>) and its confusion counts against
    /// the batch's targets. <paramref name="step"/> is the batch's index since <see cref="Reset"/>, which a non-finite loss
    /// is reported with. A device only enqueues the work; after a training pass it also writes dL/d(output) there, for
    /// the backward pass that follows.
    /// </summary>
    /// <returns>Whether the batch's loss is already known, without waiting, not to be finite: a host backend knows at once;
    /// a device records it for <see cref="ReadInto"/> and returns false.</returns>
    bool Add(in Batch batch, int step);

    /// <summary>Replaces <paramref name="accumulator"/>'s sums with the sums since <see cref="Reset"/>, and returns the first
    /// batch whose loss was NaN or infinite, if any. On a device this waits for the queue: call it only when a value is needed.</summary>
    NonFiniteLoss? ReadInto(MetricsAccumulator accumulator);
}

/// <summary>The first batch since a reset whose loss was not finite: its index (<see cref="IBatchMetrics.Add"/>'s step) and loss.</summary>
internal readonly record struct NonFiniteLoss(int Step, float Loss);
