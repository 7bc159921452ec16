namespace NeuralDsl.Distributed;

/// <summary>
/// Data-parallel Fit found that the ranks would not train alike (<see cref="DataParallelTraining"/>'s checks). Every rank
/// throws it at the same point, from values every rank holds after the same all-reduce, so no rank is left waiting and
/// the job need not end: like a divergence, it leaves Fit as usual (an <see cref="InvalidOperationException"/> to the
/// caller) rather than aborting the job.
/// </summary>
internal sealed class RanksDisagreeException(string message) : InvalidOperationException(message);
