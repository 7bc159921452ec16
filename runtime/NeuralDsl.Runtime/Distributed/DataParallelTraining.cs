using System.Runtime.InteropServices;
using System.Text;
using NeuralDsl.Cpu;

namespace NeuralDsl.Distributed;

/// <summary>
/// The data-parallel part of one <c>Fit</c> (<see cref="FitOptions.DataParallel"/> with more than one process), called
/// from marked hooks in <see cref="TrainingLoop"/>. Every rank holds the whole training set; each global batch (the
/// epoch's order, rank 0's) is split into contiguous shares (<see cref="RowShare"/>). A step runs the forward and backward
/// passes on this rank's share, weights its gradients (the mean over its rows) by rows / batch rows, and all-reduces them
/// in ONE call together with the batch's loss and metric sums in slots after the gradients: every rank then holds the
/// global batch's mean gradient (the regularization gradient, which each rank's gradient holds whole, weighted to once)
/// and the same loss, takes the same optimizer step, and judges divergence the same way. The state tensors (BatchNormalization's
/// moving statistics), which each rank's forward pass updated from its own rows, go into the same all-reduce, weighted
/// alike, and every rank takes their average: the ranks end every step with the same bits. That holds only if the ranks
/// train alike: Fit's start compares the data, settings and optimizer, each epoch's start what a callback may change
/// (learning rate, trainable layers, weights), and a difference is refused on every rank at once. Nothing here allocates
/// per step.
/// </summary>
internal sealed class DataParallelTraining
{
    private readonly IDataParallelGroup _group;
    private readonly SequentialModel _model;
    private readonly int _parameters, _outputs;
    // This rank's share of a step (summed by the backend) and of a validation; the epoch's all-reduced sums.
    private readonly IBatchMetrics _shareMetrics;
    private readonly MetricsAccumulator _share, _validation;
    private readonly MetricSums _epoch;
    private NonFiniteLoss? _nonFinite;
    // The gradients, the batch's metric sums, then the state tensors; reduced in place.
    private readonly float[] _reduced;
    private readonly int _stateSlots;
    private readonly double[] _flag = new double[1];
    private readonly RankFacts _epochFacts = new();

    private DataParallelTraining(IDataParallelGroup group, SequentialModel model)
    {
        _group = group;
        _model = model;
        _parameters = model.Info.ParameterCount;
        _outputs = model.Info.OutputSize;
        _shareMetrics = model.Backend.CreateTrainingMetrics(1);
        _share = new MetricsAccumulator(model.Info);
        _validation = new MetricsAccumulator(model.Info);
        _epoch = new MetricSums(_share.Sums.Classes);
        _stateSlots = _parameters + _share.Sums.Values.Length;
        _reduced = new float[_stateSlots + model.Trainability.StateRanges.Sum(state => state.Range.Length)];
        Metrics = new ReducedMetrics(this);
    }

    /// <summary>The training loop's metrics in this run: the all-reduced sums of every step, the same on every rank.</summary>
    public IBatchMetrics Metrics { get; }

    public bool IsRoot => _group.Rank == 0;

    /// <summary>Null unless <paramref name="options"/> asks for a group of several processes. Otherwise checks that every rank
    /// trains the same model on the same data with the same settings and optimizer (refusing, on every rank alike, when
    /// not), gives every rank rank 0's weights and each rank a dropout stream of its own.</summary>
    public static DataParallelTraining? Begin(SequentialModel model, FitOptions options, Optimizer optimizer, ReadOnlySpan<float> trainX,
        ReadOnlySpan<float> trainY, int trainRows, int batchSize, ReadOnlySpan<float> validationX, ReadOnlySpan<float> validationY, int validationRows)
    {
        if (options.DataParallel is not { Size: > 1 } group) return null;
        var parallel = new DataParallelTraining(group, model);
        parallel.CheckAgreement(options, optimizer, trainX, trainY, trainRows, batchSize, validationX, validationY, validationRows);
        group.Broadcast(model.ParameterBuffer);
        // The same seed on every rank would give row i of every share the same dropout mask.
        ulong next = model.DropoutRandom.NextUInt64();
        model.DropoutRandom.Reseed(next ^ (0x9E3779B97F4A7C15UL * (ulong)(group.Rank + 1)));
        return parallel;
    }

    /// <summary>Compares what every rank passed: the model, the sizes, the settings, the optimizer's type and hyperparameters,
    /// and a checksum of the bytes of the data (so that another order of the same rows differs too). Collective; all ranks
    /// throw the same <see cref="RanksDisagreeException"/> when any differs. (What can change while training, from the
    /// learning rate to the weights, is compared at every epoch's start: <see cref="CheckEpochStart"/>.)</summary>
    private void CheckAgreement(FitOptions options, Optimizer optimizer, ReadOnlySpan<float> trainX, ReadOnlySpan<float> trainY, int trainRows,
        int batchSize, ReadOnlySpan<float> validationX, ReadOnlySpan<float> validationY, int validationRows)
    {
        const string Model = "the model", OptimizerType = "the optimizer type";
        var hyperparameters = optimizer.Hyperparameters;
        var facts = new RankFacts();
        facts.AddChecksum(Model, DataChecksum.Of(Encoding.UTF8.GetBytes(_model.Info.Name)));
        facts.Add("the parameter count", _parameters);
        facts.Add("the number of training rows", trainRows);
        facts.Add("the number of validation rows", validationRows);
        facts.Add("the batch size", batchSize);
        facts.Add("the number of epochs", options.Epochs);
        facts.Add("the shuffle setting (1 shuffles)", options.Shuffle ? 1 : 0);
        facts.AddChecksum(OptimizerType, DataChecksum.Of(Encoding.UTF8.GetBytes(optimizer.GetType().FullName ?? optimizer.GetType().Name)));
        facts.Add("the number of optimizer settings", hyperparameters.Count);
        facts.AddChecksum("the checksum of the training inputs", DataChecksum.Of(trainX));
        facts.AddChecksum("the checksum of the training targets", DataChecksum.Of(trainY));
        facts.AddChecksum("the checksum of the validation inputs", DataChecksum.Of(validationX));
        facts.AddChecksum("the checksum of the validation targets", DataChecksum.Of(validationY));
        if (facts.FirstDifference(_group) is not { } difference)
        {
            // Only now is the number of settings known to be the same on every rank, as a collective call needs.
            facts.Clear();
            foreach (var (name, value) in hyperparameters) facts.Add($"the optimizer's {name}", value);
            difference = facts.FirstDifference(_group);
            if (difference is null) return;
        }
        string? mine = difference.Name switch
        {
            Model => $"this rank trains {_model.Info.Name}",
            OptimizerType => $"this rank has {optimizer}",
            _ => null,
        };
        throw new RanksDisagreeException(
            $"Data-parallel Fit: {difference.Name} is not the same on all {_group.Size} ranks ({difference.Describe(mine)}). " +
            "Every rank must pass the same model, options and optimizer settings, and the whole training set in the same order: " +
            "Fit itself takes each rank's share of every batch.");
    }

    /// <summary>
    /// Compares, at the start of epoch <paramref name="epoch"/> (after the callbacks' <c>OnEpochBegin</c>, before its first
    /// step), what a callback may have changed on one rank only: the learning rate the epoch's steps use (a schedule or a
    /// plateau rule that differs), the optimizer's step count (moments and bias correction follow it), the backend, the
    /// trainable layers and, by a checksum, the weights. One all-reduce of a few numbers; nothing allocated. Collective;
    /// all ranks throw the same <see cref="RanksDisagreeException"/> when any differs.
    /// </summary>
    public void CheckEpochStart(Optimizer optimizer, int epoch, int epochs)
    {
        const string TrainableLayers = "the set of trainable layers";
        var facts = _epochFacts;
        facts.Clear();
        facts.Add("the learning rate", optimizer.LearningRate);
        facts.Add("the optimizer's step count", optimizer.Iterations);
        // CPU and OpenCL optimizer steps round differently: mixed ranks would drift apart.
        facts.Add("the backend (0 CPU, 1 OpenCL)", _model.Device.IsCpu ? 0 : 1);
        // Every tensor of the trainable layers: a frozen layer that holds only state counts too (it keeps its state as it is).
        facts.AddChecksum(TrainableLayers, DataChecksum.Of(MemoryMarshal.AsBytes(_model.Trainability.TrainableLayerRanges.AsSpan())));
        facts.AddChecksum("the checksum of the parameters", DataChecksum.Of(_model.ParameterBuffer));
        if (facts.FirstDifference(_group) is not { } difference) return;
        string? mine = difference.Name == TrainableLayers ? $"this rank freezes {FrozenLayers()}" : null;
        throw new RanksDisagreeException(
            $"Data-parallel Fit: at the start of epoch {epoch + 1}/{epochs}, {difference.Name} is not the same on all {_group.Size} ranks ({difference.Describe(mine)}). " +
            "Every rank must change its training alike: a callback that sets the learning rate, the optimizer, the trainable layers, " +
            "the weights or the device must do the same on every rank (the callbacks that write files run on rank 0 only).");
    }

    /// <summary>"dense, dense_1", or "no layer": the layers with weights that this rank does not train.</summary>
    private string FrozenLayers()
    {
        var frozen = _model.Info.Layers.Where((layer, i) => layer.ParameterCount > 0 && !_model.Trainability[i]).Select(layer => layer.Name).ToList();
        return frozen.Count == 0 ? "no layer" : string.Join(", ", frozen);
    }

    /// <summary>Every rank takes rank 0's order for the epoch (the shuffle streams differ when the models were seeded apart).</summary>
    public void AgreeOnOrder(Span<int> order) => _group.Broadcast(order);

    /// <summary>
    /// The forward and backward passes of this rank's share of <paramref name="batch"/>, then the one all-reduce of the
    /// weighted gradients, the share's metric sums and the state, whose result the next <c>Update</c> uses (<see cref="IModelBackend.LoadGradients"/>),
    /// <see cref="Metrics"/> adds up, and the passes take as their state (<see cref="IModelBackend.LoadState"/>). The share's
    /// sums are read at once (a wait on a device): the all-reduce needs them.
    /// </summary>
    public void Step(IModelBackend backend, in Batch batch, int step, PassMode mode)
    {
        var (offset, rows) = RowShare.Of(batch.Count, _group.Rank, _group.Size);
        var gradients = _model.GradientBuffer.AsSpan();
        var reduced = _reduced.AsSpan();
        _share.Reset();
        if (rows > 0)
        {
            var share = new Batch(batch.X, batch.Order, batch.Start + offset, rows, batch.Targets.Slice(offset * _outputs, rows * _outputs));
            backend.Forward(share, mode);
            _shareMetrics.Reset();
            _shareMetrics.Add(share, 0);
            // A non-finite loss shows in the reduced sums on every rank alike, and is reported from there.
            _shareMetrics.ReadInto(_share);
            backend.Backward(share);
            backend.StoreGradients();
            // The mean over this rank's rows, weighted by its part of the batch: the sum over ranks is the batch mean.
            gradients.CopyTo(reduced);
            VectorOps.Scale((float)((double)rows / batch.Count), reduced[.._parameters]);
        }
        else reduced[.._parameters].Clear();
        var sums = _share.Sums.Values;
        for (int i = 0; i < sums.Length; i++) reduced[_parameters + i] = (float)sums[i];
        backend.StoreState();
        PackState(reduced[_stateSlots..], rows, batch.Count);

        _group.AllReduceSum(reduced);

        reduced[.._parameters].CopyTo(gradients);
        backend.LoadGradients();
        UnpackState(reduced[_stateSlots..]);
        backend.LoadState();
        for (int i = 0; i < sums.Length; i++) _epoch.Values[i] += reduced[_parameters + i];
        float loss = (float)(reduced[_parameters] / (double)batch.Count);
        if (!float.IsFinite(loss) && _nonFinite is null) _nonFinite = new NonFiniteLoss(step, loss);
    }

    /// <summary>
    /// This rank's part of the average state: a trainable layer's state, which this rank's forward pass updated from its
    /// <paramref name="rows"/> rows, weighted by rows / batch rows as the gradients are (so a rank without rows counts
    /// nothing, and for equal shares it is the plain mean); a frozen layer's state, which no forward pass changed, from rank
    /// 0 alone, so that the sum is its value exactly rather than a rounded average of equal values.
    /// </summary>
    private void PackState(Span<float> slots, int rows, int batchRows)
    {
        var parameters = _model.ParameterBuffer;
        var trainability = _model.Trainability;
        float share = (float)((double)rows / batchRows), rootOnly = _group.Rank == 0 ? 1f : 0f;
        int at = 0;
        foreach (var (range, layer) in trainability.StateRanges)
        {
            var slot = slots.Slice(at, range.Length);
            parameters.AsSpan(range.Start, range.Length).CopyTo(slot);
            VectorOps.Scale(trainability[layer] ? share : rootOnly, slot);
            at += range.Length;
        }
    }

    /// <summary>The all-reduced state, the same bits on every rank, into the host parameter buffer.</summary>
    private void UnpackState(ReadOnlySpan<float> slots)
    {
        var parameters = _model.ParameterBuffer;
        int at = 0;
        foreach (var (range, _) in _model.Trainability.StateRanges)
        {
            slots.Slice(at, range.Length).CopyTo(parameters.AsSpan(range.Start, range.Length));
            at += range.Length;
        }
    }

    /// <summary>Validates this rank's share of the validation rows and sets <paramref name="metrics"/> to every rank's sums.</summary>
    public void Validate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, MetricsAccumulator metrics)
    {
        var (start, count) = RowShare.Of(rows, _group.Rank, _group.Size);
        int inputs = _model.Info.InputSize;
        _validation.Reset();
        if (count > 0)
            _model.Accumulate(x.Slice(start * inputs, count * inputs), targets.Slice(start * _outputs, count * _outputs), count, _validation);
        _group.AllReduceSum(_validation.Sums.Values);
        _validation.Sums.CopyTo(metrics.Sums);
    }

    /// <summary>The loop's view of the reduced sums: a step's loss is known on every rank once <see cref="Step"/> returns.</summary>
    private sealed class ReducedMetrics(DataParallelTraining owner) : IBatchMetrics
    {
        public void Reset()
        {
            owner._epoch.Clear();
            owner._nonFinite = null;
        }

        public bool Add(in Batch batch, int step) => owner._nonFinite is not null;

        public NonFiniteLoss? ReadInto(MetricsAccumulator accumulator)
        {
            owner._epoch.CopyTo(accumulator.Sums);
            return owner._nonFinite;
        }

        public void Dispose() => owner._shareMetrics.Dispose();
    }

    /// <summary>Training stops on every rank when a callback stopped it on any (a callback that runs on rank 0 only, or a
    /// user's callback that is not deterministic, would otherwise leave the others waiting).</summary>
    public void AgreeOnStop(TrainingContext training)
    {
        _flag[0] = training.StopTraining ? 1 : 0;
        _group.AllReduceMax(_flag);
        training.StopTraining = _flag[0] > 0;
    }

    /// <summary>
    /// The exception filter around the whole of a data-parallel Fit, its argument checks included: an error on one rank
    /// would leave the others waiting in their next collective call, so it aborts the job with its message (never
    /// returns). A divergence, which every rank detects at the same step from the same reduced values, and a refusal of
    /// ranks that disagree, which every rank makes after the same all-reduce, are thrown as usual (false).
    /// </summary>
    public static bool AbortsJob(FitOptions options, Exception exception)
    {
        if (options.DataParallel is not { Size: > 1 } group || exception is TrainingDivergedException or RanksDisagreeException) return false;
        group.Abort($"Fit failed, aborting the job: {exception}");
        return true;
    }
}
