namespace NeuralDsl;

/// <summary>
/// The processes that train one model together, data-parallel (<see cref="FitOptions.DataParallel"/>). The runtime's
/// <c>MpiWorld.Initialize()</c> gives the one to use: the processes <c>mpirun</c> started, or a single-process group when
/// the program was not started by <c>mpirun</c>. Every member that moves data is collective: every process of the group
/// calls it, in the same order, with the same lengths.
/// </summary>
/// <remarks>
/// An interface in the contract assembly so that <see cref="FitOptions"/> can name it without the runtime; another
/// transport (or an in-process group for tests) can implement it too.
/// </remarks>
public interface IDataParallelGroup
{
    /// <summary>This process's index in the group, 0 ≤ Rank &lt; <see cref="Size"/>.</summary>
    int Rank { get; }

    /// <summary>How many processes train together.</summary>
    int Size { get; }

    /// <summary>Whether this is rank 0, the process that prints progress and writes files.</summary>
    bool IsRoot => Rank == 0;

    /// <summary>Replaces <paramref name="values"/> on every process with their element-wise sum over all processes.</summary>
    void AllReduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every process with their element-wise sum over all processes.</summary>
    void AllReduceSum(Span<double> values);

    /// <summary>Replaces <paramref name="values"/> on every process with their element-wise maximum over all processes.</summary>
    void AllReduceMax(Span<double> values);

    /// <summary>Copies rank 0's <paramref name="values"/> to every other process.</summary>
    void Broadcast(Span<float> values);

    /// <summary>Copies rank 0's <paramref name="values"/> to every other process.</summary>
    void Broadcast(Span<int> values);

    /// <summary>Ends every process of the group at once with <paramref name="message"/> (written to standard error by this
    /// process): the way out of an error on one process, which the others, waiting in the next collective call, would
    /// otherwise wait for forever.</summary>
    void Abort(string message);
}
