namespace NeuralDsl;

/// <summary>Training passes with the generated C#: each batch is copied into one reused buffer.</summary>
internal ref struct CpuSteps : ITrainingSteps
{
    private readonly SequentialModel _model;
    private readonly ReadOnlySpan<float> _trainX, _validationX, _validationY;
    private readonly int _validationRows;
    private readonly float[] _batchX;
    private ReadOnlySpan<float> _x;

    public CpuSteps(SequentialModel model, ReadOnlySpan<float> trainX, ReadOnlySpan<float> validationX, ReadOnlySpan<float> validationY,
        int validationRows, int batchSize)
    {
        _model = model;
        _trainX = trainX;
        _validationX = validationX;
        _validationY = validationY;
        _validationRows = validationRows;
        _batchX = new float[batchSize * model.Info.InputSize];
        model.EnsureCapacity(batchSize);
    }

    public readonly void BeginEpoch(int[] order)
    {
    }

    public ReadOnlySpan<float> Forward(int[] order, int start, int count, out double penalty)
    {
        int inputs = _model.Info.InputSize;
        var bx = _batchX.AsSpan(0, count * inputs);
        for (int i = 0; i < count; i++)
            _trainX.Slice(order[start + i] * inputs, inputs).CopyTo(bx.Slice(i * inputs, inputs));
        _x = bx;
        penalty = _model.Penalty();
        return _model.RunForward(bx, count, training: true);
    }

    public readonly void BackwardAndUpdate(ReadOnlySpan<float> targets, int count, Optimizer optimizer)
    {
        _model.RunBackward(_x, targets, count);
        optimizer.Update(_model.Parameters, _model.GradientSpan);
    }

    public readonly void EndEpoch()
    {
    }

    public readonly void Validate(MetricsAccumulator metrics) => _model.Accumulate(_validationX, _validationY, _validationRows, metrics);
}
