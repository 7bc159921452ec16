using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitBatchNormalization(BatchNormalizationOp op) => new OpenClBatchNormalization(op);
}

/// <summary>
/// BatchNormalization in three steps: per channel, the statistics it normalizes with go to the first row of its
/// statistics slot (the batch's while it trains, moving the moving statistics in a fresh training pass; the moving ones at
/// inference or while frozen); then one work-item per value normalizes. Backward sums per channel (the gamma and beta
/// gradients), then one work-item per input value. The per-channel kernels loop over the batch: simple, and a small share
/// of a convolutional network's time.
/// </summary>
internal sealed class OpenClBatchNormalization : OpenClLayer
{
    private readonly BatchNormalizationOp _op;

    public OpenClBatchNormalization(BatchNormalizationOp op) : base(op) => _op = op;

    private string C => Literals.Int(_op.Channels);

    private string Statistics => Slot(_op.Buffers.KeptOf(BufferRole.Statistics));

    private string Normalized => Slot(_op.Buffers.KeptOf(BufferRole.Normalized));

    private string Gamma(string c) => _op.Gamma is { } gamma ? $"p[{Tensor(gamma)} + {c}]" : "1.0f";

    /// <summary>A loop over the batch's values of channel <c>c</c>: <c>at</c> is the value's index.</summary>
    private void ForEachValue(CodeWriter body, string statement)
    {
        body.Line($"for (int r = 0; r < rows; r++)");
        body.Line($"    for (int position = 0; position < {Literals.Int(_op.Positions)}; position++)");
        body.Line($"    {{ const size_t at = (size_t)r * {Literals.Int(_op.Output.Size)} + position * {C} + c; {statement} }}");
    }

    public override void WriteForward(OpenClProgramBuilder program)
    {
        int index = program.IndexOf(_op);
        string x = Slot(_op.Buffers.Input), eps = Literals.OpenClFloat(_op.Epsilon), momentum = Literals.OpenClFloat(_op.Momentum);
        string mean = Tensor(_op.MovingMean), variance = Tensor(_op.MovingVariance);

        string batchName = _op.Name + "_statistics";
        int batch = EachKernel(program, batchName,
            $"{_op.Name}: per channel, the statistics to normalize with while the layer trains: the batch's (a fresh training pass also moves the moving ones), the moving ones at inference.", C,
            body =>
            {
                body.Line($"const int c = e;");
                using (body.Block($"if (mode == MODE_INFERENCE)"))
                {
                    body.Line($"{Statistics}[c] = p[{mean} + c];");
                    body.Line($"{Statistics}[{C} + c] = 1.0f / sqrt(p[{variance} + c] + {eps});");
                    body.Line($"return;");
                }
                body.Line($"const float n = (float)rows * {Literals.Int(_op.Positions)};");
                body.Line($"float sum = 0.0f, squares = 0.0f;");
                ForEachValue(body, $"sum += {x}[at];");
                body.Line($"const float batch_mean = sum / n;");
                ForEachValue(body, $"const float d = {x}[at] - batch_mean; squares += d * d;");
                body.Line($"const float batch_variance = squares / n; // biased, as Keras");
                body.Line($"{Statistics}[c] = batch_mean;");
                body.Line($"{Statistics}[{C} + c] = 1.0f / sqrt(batch_variance + {eps});");
                using (body.Block($"if (mode == MODE_TRAINING)"))
                {
                    body.Line($"p[{mean} + c] = p[{mean} + c] * {momentum} + batch_mean * (1.0f - {momentum});");
                    body.Line($"p[{variance} + c] = p[{variance} + c] * {momentum} + batch_variance * (1.0f - {momentum});");
                }
            });
        program.Forward(new OpenClLaunch(batch, batchName, LaunchShape.Each, C, 0, _op.Name + " statistics while it trains", index, LaunchRole.WhileTraining));

        string movingName = _op.Name + "_moving_statistics";
        int moving = EachKernel(program, movingName, $"{_op.Name} frozen: per channel, the moving statistics (inference mode, as Keras 3).", C, body =>
        {
            body.Line($"{Statistics}[e] = p[{mean} + e];");
            body.Line($"{Statistics}[{C} + e] = 1.0f / sqrt(p[{variance} + e] + {eps});");
        });
        program.Forward(new OpenClLaunch(moving, movingName, LaunchShape.Each, C, 0, _op.Name + " statistics while frozen", index, LaunchRole.WhileFrozen));

        string name = _op.Name + "_forward", count = RowsTimes(_op.Output.Size);
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} on {_op.Input}, one work-item per value.", count, body =>
        {
            body.Line($"const int c = e % {C};");
            body.Line($"const float normalized = ({x}[e] - {Statistics}[c]) * {Statistics}[{C} + c];");
            body.Line($"{Normalized}[e] = normalized;");
            string beta = _op.Beta is { } b ? $" + p[{Tensor(b)} + c]" : "";
            body.Line($"{Slot(_op.Buffers.Output)}[e] = {(_op.Gamma is null ? "normalized" : Gamma("c") + " * normalized")}{beta};");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        string gradient = Slot(_op.Buffers.OutputGradient);
        string sumsName = _op.Name + "_backward_sums";
        int sums = EachKernel(program, sumsName, $"{_op.Name} backward, per channel: sum dy and sum dy * normalized (beta's and gamma's gradients).", C, body =>
        {
            body.Line($"const int c = e;");
            body.Line($"float dy = 0.0f, dy_normalized = 0.0f;");
            ForEachValue(body, $"dy += {gradient}[at]; dy_normalized += {gradient}[at] * {Normalized}[at];");
            body.Line($"{Statistics}[{Literals.Int(2 * _op.Channels)} + c] = dy;");
            body.Line($"{Statistics}[{Literals.Int(3 * _op.Channels)} + c] = dy_normalized;");
            if (_op.Gamma is { } gamma) body.Line($"g[{Tensor(gamma)} + c] = dy_normalized;");
            if (_op.Beta is { } beta) body.Line($"g[{Tensor(beta)} + c] = dy;");
        });
        program.Backward(new OpenClLaunch(sums, sumsName, LaunchShape.Each, C, 0, _op.Name + " sums and gamma / beta gradients", Role: LaunchRole.WhileTraining));

        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        string count = RowsTimes(_op.Output.Size);
        string name = _op.Name + "_backward";
        int kernel = EachKernel(program, name, $"{_op.Name} backward: dL/d(input) through the batch statistics, one work-item per value.", count, body =>
        {
            body.Line($"const int c = e % {C};");
            body.Line($"const float n = (float)rows * {Literals.Int(_op.Positions)};");
            body.Line($"{Slot(inputGradient)}[e] = {Gamma("c")} * {Statistics}[{C} + c] / n");
            body.Line($"    * (n * {gradient}[e] - {Statistics}[{Literals.Int(2 * _op.Channels)} + c] - {Normalized}[e] * {Statistics}[{Literals.Int(3 * _op.Channels)} + c]);");
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Name + " input gradient while it trains", Role: LaunchRole.InputGradientWhileTraining));

        string frozenName = _op.Name + "_backward_frozen";
        int frozen = EachKernel(program, frozenName, $"{_op.Name} backward while frozen: the moving statistics are constants, dL/dx = dL/dy * gamma / sqrt(moving variance + epsilon).", count, body =>
        {
            body.Line($"const int c = e % {C};");
            body.Line($"{Slot(inputGradient)}[e] = {gradient}[e] * {Gamma("c")} * {Statistics}[{C} + c];");
        });
        program.Backward(new OpenClLaunch(frozen, frozenName, LaunchShape.Each, count, 0, _op.Name + " input gradient while frozen", Role: LaunchRole.InputGradientWhileFrozen));
    }
}
