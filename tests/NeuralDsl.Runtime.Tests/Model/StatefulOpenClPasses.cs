using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.Model;

/// <summary>
/// <see cref="StatefulModel"/>'s passes in OpenCL C, written by hand to the generated programs' calling convention
/// (<c>MODEL_ARGS</c>, the gather kernel first): the same arithmetic as its CPU passes, the state moved on the device's
/// copy of the parameters. Small batches only (the reductions run on one work-item each).
/// </summary>
internal sealed class StatefulOpenClPasses : OpenClPasses
{
    public static readonly StatefulOpenClPasses Instance = new();

    private const int ScaleForward = 3, ScaleStatistics = 4, StatisticsForward = 5, ScaleBackward = 6;

    private const string Program = """
        #define MODEL_ARGS __global float* p, __global float* g, __global float* w, __global float* s, const int rows, const int cap, const uint seed, const int mode
        #define METRICS_ARGS MODEL_ARGS, __global int* counts, __global float* losses, const int slot
        #define SLOT(offset) (w + (size_t)cap * (offset))
        #define X_SLOT 0
        #define Y_SLOT 2
        #define OUTPUT_SLOT 4
        #define GRADIENT_SLOT 6
        #define GAMMA 0
        #define BETA 2
        #define MOVING_MEAN 4
        #define MOVING_VARIANCE 6
        #define STATISTICS_MEAN 8
        #define MOMENTUM 0.9f
        #define STRAY_STATE_GRADIENT 1000.0f

        __kernel void gather_batch(__global float* w, __global const float* data_x, __global const float* data_y, __global const int* order, const int first, const int rows, const int cap)
        {
            const int column = get_global_id(0), r = get_global_id(1);
            if (r >= rows || column >= 2) return;
            const size_t source = (size_t)order[first + r];
            SLOT(X_SLOT)[r * 2 + column] = data_x[source * 2 + column];
            SLOT(Y_SLOT)[r * 2 + column] = data_y[source * 2 + column];
        }

        // Mean squared error of the batch into losses[slot]; after a training pass also dL/d(output) = (output - y) / rows.
        __kernel void batch_metrics(METRICS_ARGS)
        {
            if (get_local_id(0) != 0) return;
            float loss = 0.0f;
            for (int e = 0; e < rows * 2; e++)
            {
                const float d = SLOT(OUTPUT_SLOT)[e] - SLOT(Y_SLOT)[e];
                loss += d * d;
                if (mode != 0) SLOT(GRADIENT_SLOT)[e] = d / rows;
            }
            const float batch_loss = loss / (rows * 2);
            losses[slot] = batch_loss;
            if (!isfinite(batch_loss)) counts[0] = min(counts[0], slot);
        }

        __kernel void loss_gradient(MODEL_ARGS)
        {
            const int e = get_global_id(0);
            if (e >= rows * 2) return;
            SLOT(GRADIENT_SLOT)[e] = (SLOT(OUTPUT_SLOT)[e] - SLOT(Y_SLOT)[e]) / rows;
        }

        __kernel void scale_forward(MODEL_ARGS)
        {
            const int e = get_global_id(0), j = e % 2;
            if (e >= rows * 2) return;
            SLOT(OUTPUT_SLOT)[e] = p[GAMMA + j] * SLOT(X_SLOT)[e] + p[BETA + j];
        }

        __kernel void scale_statistics(MODEL_ARGS)
        {
            const int j = get_global_id(0);
            if (j >= 2 || mode == 0) return;
            float mean = 0.0f, variance = 0.0f;
            for (int r = 0; r < rows; r++) mean += SLOT(X_SLOT)[r * 2 + j];
            mean /= rows;
            for (int r = 0; r < rows; r++) variance += (SLOT(X_SLOT)[r * 2 + j] - mean) * (SLOT(X_SLOT)[r * 2 + j] - mean);
            variance /= rows;
            p[MOVING_MEAN + j] = MOMENTUM * p[MOVING_MEAN + j] + (1.0f - MOMENTUM) * mean;
            p[MOVING_VARIANCE + j] = MOMENTUM * p[MOVING_VARIANCE + j] + (1.0f - MOMENTUM) * variance;
        }

        __kernel void statistics_forward(MODEL_ARGS)
        {
            const int j = get_global_id(0);
            if (j >= 2 || mode == 0) return;
            float mean = 0.0f;
            for (int r = 0; r < rows; r++) mean += SLOT(OUTPUT_SLOT)[r * 2 + j];
            p[STATISTICS_MEAN + j] = MOMENTUM * p[STATISTICS_MEAN + j] + (1.0f - MOMENTUM) * (mean / rows);
        }

        __kernel void scale_backward(MODEL_ARGS)
        {
            const int j = get_global_id(0);
            if (j >= 2) return;
            float gamma = 0.0f, beta = 0.0f;
            for (int r = 0; r < rows; r++)
            {
                const float d = SLOT(GRADIENT_SLOT)[r * 2 + j];
                gamma += d * SLOT(X_SLOT)[r * 2 + j];
                beta += d;
            }
            g[GAMMA + j] = gamma;
            g[BETA + j] = beta;
            g[MOVING_MEAN + j] = g[MOVING_VARIANCE + j] = g[STATISTICS_MEAN + j] = STRAY_STATE_GRADIENT;
        }
        """;

    private StatefulOpenClPasses()
        : base(Program, ["gather_batch", "batch_metrics", "loss_gradient", "scale_forward", "scale_statistics", "statistics_forward", "scale_backward"],
            workspaceWidth: 8, targetSlot: 2, outputSlot: 4, metricsKernel: 1, lossGradientKernel: 2, penaltyKernel: -1)
    {
    }

    public override void Forward(OpenClLauncher launch, int rows)
    {
        launch.Each(ScaleForward, rows * StatefulModel.Features);
        // A frozen layer runs in inference mode: its state does not move.
        if (launch.Trains(0)) launch.Each(ScaleStatistics, StatefulModel.Features);
        if (launch.Trains(1)) launch.Each(StatisticsForward, StatefulModel.Features);
    }

    public override void Backward(OpenClLauncher launch, int rows)
    {
        if (launch.FirstTrainableLayer > 0) return;
        launch.Each(ScaleBackward, StatefulModel.Features);
    }
}
