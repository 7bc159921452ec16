using NeuralDsl.OpenCl.Kernels;

namespace NeuralDsl.OpenCl;

/// <summary>
/// Runs an <see cref="Sgd"/>, <see cref="RmsProp"/> or <see cref="Adam"/> update on device buffers with the
/// kernels of <see cref="OptimizerKernels"/>. The hyperparameters are read from the optimizer at every step (so a
/// changed <see cref="Optimizer.LearningRate"/> takes effect); the moments live on the device, zeroed at creation
/// and by <see cref="Reset"/>, and the step count is <see cref="Iterations"/> (the CPU optimizer's own count is
/// not advanced). Launches are asynchronous and ordered on the context's queue.
/// </summary>
public sealed class OpenClOptimizer : IDisposable
{
    private readonly OpenClKernel _kernel;
    private readonly OpenClBuffer<float>? _first;
    private readonly OpenClBuffer<float>? _second;
    private OpenClBuffer<float>? _boundParameters, _boundGradients;

    /// <summary>Prepares <paramref name="optimizer"/>'s update for <paramref name="parameterCount"/> parameters.</summary>
    public OpenClOptimizer(OpenClContext context, Optimizer optimizer, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        Context = context;
        Optimizer = optimizer;
        ParameterCount = parameterCount;
        string kernelName = optimizer switch
        {
            Sgd { Momentum: 0f } => OptimizerKernels.Sgd,
            Sgd { Nesterov: true } => OptimizerKernels.SgdNesterov,
            Sgd => OptimizerKernels.SgdMomentum,
            RmsProp => OptimizerKernels.RmsProp,
            Adam => OptimizerKernels.Adam,
            _ => throw new NotSupportedException($"The OpenCL backend has no kernel for the optimizer {optimizer} ({optimizer.GetType().Name})."),
        };
        int moments = kernelName switch
        {
            OptimizerKernels.Sgd => 0,
            OptimizerKernels.Adam => 2,
            _ => 1,
        };
        try
        {
            _kernel = Program(context).CreateKernel(kernelName);
            if (moments >= 1) _first = context.CreateBuffer<float>(parameterCount);
            if (moments >= 2) _second = context.CreateBuffer<float>(parameterCount);
        }
        catch
        {
            _first?.Dispose();
            _kernel?.Dispose();
            throw;
        }
        Reset();
    }

    /// <summary>The optimizer program of <paramref name="context"/>, built once and cached there.</summary>
    public static OpenClProgram Program(OpenClContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetProgram(OptimizerKernels.Source, OpenClContext.DefaultBuildOptions);
    }

    public OpenClContext Context { get; }

    /// <summary>The optimizer whose rule and hyperparameters this runs.</summary>
    public Optimizer Optimizer { get; }

    public int ParameterCount { get; }

    /// <summary>Updates applied since creation or <see cref="Reset"/>.</summary>
    public long Iterations { get; private set; }

    /// <summary>The first moment buffer (SGD velocity, RMSprop mean square, Adam m), or null for plain SGD.</summary>
    public OpenClBuffer<float>? FirstMoment => _first;

    /// <summary>Adam's second moment v, otherwise null.</summary>
    public OpenClBuffer<float>? SecondMoment => _second;

    /// <summary>Zeroes the moments and the step count.</summary>
    public void Reset()
    {
        _first?.Fill(0f);
        _second?.Fill(0f);
        Iterations = 0;
        _trainedBefore = null;
    }

    private ParameterRange[]? _trainedBefore;

    /// <summary>Takes over <see cref="Optimizer"/>'s host state: its moments (zero where it has none for these parameters yet),
    /// step count and the ranges its last step updated.</summary>
    internal void Load()
    {
        var optimizer = Optimizer;
        bool hasMoments = optimizer.HasMoments(ParameterCount);
        for (int i = 0; i < optimizer.MomentCount; i++)
        {
            var buffer = MomentBuffer(i);
            if (hasMoments) buffer.Write(optimizer.Moment(i, ParameterCount));
            else buffer.Fill(0f);
        }
        Iterations = optimizer.Iterations;
        _trainedBefore = hasMoments ? optimizer.TrainedRanges(ParameterCount)?.ToArray() : null;
    }

    /// <summary>Writes the state of the steps taken here back into <see cref="Optimizer"/>'s host buffers.</summary>
    internal void Store()
    {
        var optimizer = Optimizer;
        for (int i = 0; i < optimizer.MomentCount; i++) MomentBuffer(i).Read(optimizer.Moment(i, ParameterCount));
        optimizer.Iterations = Iterations;
        optimizer.SetTrainedRanges(_trainedBefore?.ToArray(), ParameterCount);
    }

    private OpenClBuffer<float> MomentBuffer(int index) =>
        (index == 0 ? _first : _second) ?? throw new InvalidOperationException($"{Optimizer} has no moment {index} on the device.");

    /// <summary>Enqueues one update of <paramref name="parameters"/> by <paramref name="gradients"/>.</summary>
    public void Update(OpenClBuffer<float> parameters, OpenClBuffer<float> gradients) =>
        Update(parameters, gradients, [new ParameterRange(0, ParameterCount)]);

    /// <summary>Enqueues one update of the <paramref name="trainable"/> ranges (sorted, disjoint) only; moments of a range
    /// that was not trainable at the previous step start again from zero, as the CPU optimizers' do.</summary>
    internal void Update(OpenClBuffer<float> parameters, OpenClBuffer<float> gradients, ReadOnlySpan<ParameterRange> trainable)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
            throw new ArgumentException(
                $"The OpenCL optimizer was made for {ParameterCount} parameters but got {parameters.Length} parameters and {gradients.Length} gradients.",
                nameof(parameters));
        // Every optimizer kernel takes (w, g, its moments…, its hyperparameters…, first, end) in that order (OptimizerKernels).
        var k = _kernel;
        bool rebind = !ReferenceEquals(parameters, _boundParameters) || !ReferenceEquals(gradients, _boundGradients);
        int position = 0;
        foreach (var buffer in (ReadOnlySpan<OpenClBuffer<float>?>)[parameters, gradients, _first, _second])
        {
            if (buffer is null) continue; // an optimizer without this moment
            if (rebind) k.SetArgument(position, buffer);
            position++;
        }
        _boundParameters = parameters;
        _boundGradients = gradients;
        Span<float> values = stackalloc float[4];
        ReadOnlySpan<float> hyperparameters = Optimizer switch
        {
            Sgd { Momentum: 0f } sgd => Values(values, sgd.LearningRate),
            Sgd sgd => Values(values, sgd.LearningRate, sgd.Momentum),
            RmsProp rms => Values(values, rms.LearningRate, rms.Rho, 1f - rms.Rho, rms.Epsilon),
            Adam adam => Values(values, adam.StepSize(Iterations + 1), 1f - adam.Beta1, 1f - adam.Beta2, adam.Epsilon),
            _ => throw new NotSupportedException($"The OpenCL backend has no kernel for the optimizer {Optimizer}."),
        };
        foreach (float value in hyperparameters) k.SetArgument(position++, value);
        // Compared, not rebuilt, at each step, so that a step allocates nothing while the trainable layers stay the same.
        bool changed = _trainedBefore is null || !trainable.SequenceEqual(_trainedBefore);
        if (changed && _trainedBefore is not null)
            foreach (var range in ParameterRange.Added(_trainedBefore, trainable))
            {
                _first?.Fill(0f, range.Start, range.Length);
                _second?.Fill(0f, range.Start, range.Length);
            }
        foreach (var range in trainable)
        {
            if (range.Length == 0) continue;
            k.SetArgument(position, range.Start);
            k.SetArgument(position + 1, range.End);
            Context.Launch1D(k, range.Length);
        }
        if (changed) _trainedBefore = trainable.ToArray();
        Iterations++;
    }

    /// <summary>The first values of <paramref name="buffer"/>, set to the given ones.</summary>
    private static ReadOnlySpan<float> Values(Span<float> buffer, params ReadOnlySpan<float> values)
    {
        values.CopyTo(buffer);
        return buffer[..values.Length];
    }

    public void Dispose()
    {
        _kernel.Dispose();
        _first?.Dispose();
        _second?.Dispose();
    }

    public override string ToString() => $"{Optimizer} on {Context.DeviceInfo.Name}";
}
