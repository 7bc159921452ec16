namespace NeuralDsl.Cpu;

/// <summary>
/// Runs a model's generated C# passes on the host. The passes work on the host parameter and gradient buffers
/// directly, so loading and storing them is nothing; a training batch is gathered into one reused buffer. Training runs
/// one set of passes; inference borrows sets of its own from a pool, so that predictions on several threads run in
/// parallel and never touch the training workspace. Loss and metrics are computed on the host (<see cref="HostBatchMetrics"/>)
/// from a copy of each pass's outputs (a few KB a step), kept so the metrics find them after the pass returns.
/// </summary>
internal sealed class CpuBackend : IModelBackend
{
    private readonly CpuPasses _passes;
    private readonly ArraySegment<float> _parameters, _gradients;
    private readonly ModelInfo _info;
    private readonly int _inputs, _outputs;
    private readonly CpuInferencePool _inference;
    private readonly LayerTrainability _trainability;
    private float[] _batchInputs = [];
    private float[] _batchOutputs = [];

    /// <param name="createPasses">Makes a set of the model's passes: one for training now, more for inference as calls need them.</param>
    public CpuBackend(Func<CpuPasses> createPasses, SequentialModel model)
    {
        _passes = createPasses();
        _inference = new CpuInferencePool(createPasses, model.Info);
        _parameters = model.ParameterBuffer;
        _gradients = model.GradientBuffer;
        _info = model.Info;
        _inputs = model.Info.InputSize;
        _outputs = model.Info.OutputSize;
        _trainability = model.Trainability;
        InferenceRows = Math.Clamp(InferenceActivationBudget / _passes.WidestInferenceRow, 1, 256);
    }

    public Device Device => Device.Cpu;

    public int Capacity { get; private set; }

    /// <summary>Rows of one inference pass: as many as keep the widest output it writes (<see cref="CpuPasses.WidestInferenceRow"/>) within
    /// <see cref="InferenceActivationBudget"/>, so that a layer finds its input in the core's cache, from 1 to 256.</summary>
    public int InferenceRows { get; }

    /// <summary>Floats of one layer's output for the rows of an inference pass (256 KiB: a layer's input, output and padded
    /// frames stay within a core's L2). Measured on the 2-core AVX-512 dev machine, ResNet-20 (32×32×16 floats a row)
    /// predicting 1 000 rows: 370–390 ms a call in passes of 4 rows, 480–515 ms in passes of 16 (1 MiB), 410–450 ms
    /// in passes of 1; the Keras convnet (3 rows a pass then, 12 since its pooled convolutions' outputs are not counted) and the tutorial MLP (83) were level within the noise.</summary>
    internal const int InferenceActivationBudget = 1 << 16;

    public int InferenceThreads => Math.Min(Environment.ProcessorCount, Gemm.MaxDegreeOfParallelism);

    public IInferencePasses RentInference(int rows) => _inference.Rent(rows);

    public void ReturnInference(IInferencePasses passes) => _inference.Return(passes);

    public void Reserve(int rows)
    {
        if (rows <= Capacity) return;
        _passes.AllocateWorkspace(rows);
        _batchInputs = new float[rows * _inputs];
        _batchOutputs = new float[rows * _outputs];
        Capacity = rows;
    }

    public void LoadParameters()
    {
    }

    public void StoreParameters()
    {
    }

    /// <summary>The passes work on the host buffer itself.</summary>
    public bool HoldsNewerParameters => false;

    public void StoreGradients()
    {
    }

    public void LoadGradients()
    {
    }

    /// <summary>The passes read the training rows where they are.</summary>
    public IDisposable BeginFit(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows) => NothingToRelease.Instance;

    public void BeginEpoch(ReadOnlySpan<int> order)
    {
    }

    public void Forward(in Batch batch, PassMode mode)
    {
        if (!batch.Order.IsEmpty)
        {
            var gathered = _batchInputs.AsSpan(0, batch.Count * _inputs);
            for (int i = 0; i < batch.Count; i++)
                batch.X.Slice(batch.RowAt(i) * _inputs, _inputs).CopyTo(gathered.Slice(i * _inputs, _inputs));
        }
        _passes.Forward(Inputs(batch), batch.Count, mode).CopyTo(_batchOutputs);
    }

    public ReadOnlySpan<float> ReadOutputs(int rows) => _batchOutputs.AsSpan(0, rows * _outputs);

    public IBatchMetrics CreateTrainingMetrics(int steps) => new HostBatchMetrics(_info, ReadOutputs, Penalty);

    public void Backward(in Batch batch) => _passes.Backward(Inputs(batch), batch.Targets, batch.Count);

    public double Penalty() => _passes.Penalty();

    /// <summary>One optimizer step over the trainable layers' parameters only.</summary>
    public void Update(Optimizer optimizer) => optimizer.Update(_parameters, _gradients, _trainability.Ranges);

    public void Dispose()
    {
    }

    /// <summary>The batch's input rows: in place for rows in sequence, else the gathered copy.</summary>
    private ReadOnlySpan<float> Inputs(in Batch batch) =>
        batch.Order.IsEmpty ? batch.X.Slice(batch.Start * _inputs, batch.Count * _inputs) : _batchInputs.AsSpan(0, batch.Count * _inputs);

    private sealed class NothingToRelease : IDisposable
    {
        public static readonly NothingToRelease Instance = new();

        public void Dispose()
        {
        }
    }
}
