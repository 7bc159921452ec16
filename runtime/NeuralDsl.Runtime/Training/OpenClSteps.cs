using NeuralDsl.OpenCl;

namespace NeuralDsl;

/// <summary>
/// Training passes on an OpenCL device. The training and validation sets are uploaded once per <c>Fit</c>; an epoch
/// uploads its row order and the parameters, a step launches the gather, forward, backward and optimizer kernels and
/// reads back only the batch's outputs (for the loss and metrics, computed on the host exactly as on the CPU), and
/// the epoch's end downloads the parameters.
/// </summary>
internal sealed class OpenClSteps : ITrainingSteps, IDisposable
{
    private readonly SequentialModel _model;
    private readonly OpenClModelBackend _device;
    private readonly OpenClDataSet _train;
    private readonly OpenClDataSet? _validation;
    private readonly OpenClBuffer<int> _order;
    private readonly float[] _validationY;
    private readonly int _width;

    public OpenClSteps(SequentialModel model, OpenClModelBackend device, ReadOnlySpan<float> trainX, ReadOnlySpan<float> trainY, int trainRows,
        ReadOnlySpan<float> validationX, ReadOnlySpan<float> validationY, int validationRows, int batchSize)
    {
        _model = model;
        _device = device;
        _width = Math.Max(model.Info.InputSize, model.Info.OutputSize);
        model.EnsureCapacity(batchSize);
        _train = device.Upload(trainX, trainY, trainRows);
        try
        {
            _order = device.Context.CreateBuffer<int>(trainRows);
            _validation = validationRows > 0 ? device.Upload(validationX, default, validationRows) : null;
        }
        catch
        {
            _order?.Dispose();
            _train.Dispose();
            throw;
        }
        _validationY = validationY.ToArray();
    }

    public void BeginEpoch(int[] order)
    {
        // The host copy is the reference between epochs (a callback may have changed it).
        _device.UploadParameters(_model.Parameters);
        _order.Write(order);
    }

    public ReadOnlySpan<float> Forward(int[] order, int start, int count, out double penalty)
    {
        penalty = _device.Penalty();
        _device.Gather(_train, _order, start, count, _width);
        return _model.RunDeviceForward(_device, count, training: true);
    }

    public void BackwardAndUpdate(ReadOnlySpan<float> targets, int count, Optimizer optimizer)
    {
        _model.DeviceBackward(_device, count);
        _device.Update(optimizer);
    }

    public void EndEpoch() => _device.DownloadParameters(_model.ParameterArray);

    public void Validate(MetricsAccumulator metrics)
    {
        var data = _validation!;
        int batch = _device.Capacity, outputs = _model.Info.OutputSize;
        double penalty = _model.Penalty();
        var identity = _device.Identity(data.Rows);
        for (int start = 0; start < data.Rows; start += batch)
        {
            int count = Math.Min(batch, data.Rows - start);
            _device.Gather(data, identity, start, count, _width);
            var output = _model.RunDeviceForward(_device, count, training: false);
            var targets = _validationY.AsSpan(start * outputs, count * outputs);
            metrics.Add(output, targets, count, NeuralDsl.Cpu.LossKernels.Sum(_model.Info.Loss, output, targets, count, outputs) + penalty * count);
        }
    }

    public void Dispose()
    {
        _validation?.Dispose();
        _order.Dispose();
        _train.Dispose();
    }
}
