using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests.Emit;

/// <summary>One generated method or kernel each, asserted exactly: what a fusion or aliasing decision of the plan
/// looks like in each backend's code.</summary>
public sealed class GeneratedMethodTests
{
    private const string Mlp = """
        using NeuralDsl;
        namespace Focus;
        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(784)]
        [Dense(128, Activation.Relu)]
        [Dropout(0.3)]
        [Dense(10, Activation.Softmax)]
        public partial class Mlp;
        """;

    [Fact]
    public void Cpu_dense_forward_applies_the_dropout_fused_into_it()
    {
        Assert.Equal("""
            /// <summary>dense: Dense(128, relu), 784 → 128; bias and relu fused into the product; then dropout's mask in training.</summary>
            private global::System.ReadOnlySpan<float> DenseForward(global::System.ReadOnlySpan<float> input, int rows, global::NeuralDsl.PassMode mode)
            {
                const int Inputs = 784, Units = 128;
                var output = _denseOutput.AsSpan(0, rows * Units);
                global::NeuralDsl.Cpu.DenseMath.Forward<global::NeuralDsl.Cpu.Relu>(input, Parameters.Slice(DenseKernel, Inputs * Units), Parameters.Slice(DenseBias, Units), output, rows, Inputs, Units);
                // dropout: Dropout(0.3), fused; inverted dropout in training, identity at inference.
                const float Rate = 0.3f;
                if (mode == global::NeuralDsl.PassMode.Inference) return output;
                var mask = _dropoutMask.AsSpan(0, rows * Units);
                if (mode == global::NeuralDsl.PassMode.Training) global::NeuralDsl.Cpu.DropoutMath.SampleMask(mask, Rate, DropoutRandom);
                var dropped = _dropoutOutput.AsSpan(0, rows * Units);
                global::NeuralDsl.Cpu.DropoutMath.Apply(output, mask, dropped);
                return dropped;
            }

            """, GeneratedCode.Member(Generate(Mlp), "DenseForward"));
    }

    /// <summary>Inference passes are sized by the widest output they write: a convolution that runs its max pooling writes
    /// none of its own, so the pooling's output counts, or the input when that is wider.</summary>
    [Fact]
    public void Cpu_inference_passes_are_sized_by_the_outputs_written_not_the_pooled_convolution()
    {
        const string Template = """
            using NeuralDsl;
            namespace Focus;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(12, 12, CHANNELS)]
            [Conv2D(FILTERS, 3, Activation.Relu)]
            [MaxPooling2D(2)]
            [Flatten]
            [Dense(2, Activation.Softmax)]
            public partial class Pooled;
            """;
        // 12×12×1 (144) → 10×10×8 (800, not written) → 5×5×8 (200): the pooling's output.
        Assert.Contains("public override int WidestInferenceRow => 200; // max_pooling2d's output",
            Generate(Template.Replace("CHANNELS", "1").Replace("FILTERS", "8")));
        // 12×12×16 (2304) → 10×10×2 (200, not written) → 5×5×2 (50): the input.
        Assert.Contains("public override int WidestInferenceRow => 2304; // the input",
            Generate(Template.Replace("CHANNELS", "16").Replace("FILTERS", "2")));
        Assert.DoesNotContain("WidestInferenceRow", Generate(Mlp)); // no pooled convolution: every layer's output counts, as ModelInfo says
    }

    [Fact]
    public void Cpu_dense_backward_reads_the_dropout_gradient_through_the_mask_in_place()
    {
        Assert.Equal("""
            /// <summary>dense backward: kernel and bias gradients, no input gradient (first layer).</summary>
            private void DenseBackward(global::System.ReadOnlySpan<float> x, int rows)
            {
                const int Inputs = 784, Units = 128;
                bool trains = Trains(0); // a frozen layer computes no weight gradients
                var gradient = _dropoutGradient.AsSpan(0, rows * Units);
                // dL/dz from dropout's gradient through its mask and relu's derivative, in place.
                global::NeuralDsl.Cpu.DropoutMath.BackwardThrough<global::NeuralDsl.Cpu.Relu>(_denseOutput.AsSpan(0, rows * Units), _dropoutMask.AsSpan(0, rows * Units), gradient);
                global::NeuralDsl.Cpu.DenseMath.Backward(x, gradient, Parameters.Slice(DenseKernel, Inputs * Units),
                    trains ? Gradients.Slice(DenseKernel, Inputs * Units) : global::System.Span<float>.Empty, trains ? Gradients.Slice(DenseBias, Units) : global::System.Span<float>.Empty, global::System.Span<float>.Empty, rows, Inputs, Units);
            }

            """, GeneratedCode.Member(Generate(Mlp), "DenseBackward"));
    }

    [Fact]
    public void OpenCl_dense_forward_draws_the_fused_dropout_mask_in_its_epilogue()
    {
        Assert.Equal("""
            // dense: Dense(128, relu) 784 -> 128 forward; bias, relu and dropout's mask fused into the product.
            // out(i, j) = sum over l < 784 of dense_forward_left(i, l) * dense_forward_right(l, j), for i < rows and j < 128.
            inline float dense_forward_left(__global const float* p, __global const float* w, const int cap, const int i, const int l) { return SLOT(X_SLOT)[(size_t)i * 784 + l]; }
            inline float dense_forward_right(__global const float* p, __global const float* w, const int cap, const int l, const int j) { return p[DENSE_KERNEL + l * 128 + j]; }
            __kernel PRODUCT_GROUP
            void dense_forward(MODEL_ARGS)
            {
                const int i_count = rows, j_count = 128, l_count = 784;
                float sum[BLOCK_M][BLOCK_N];
                #pragma unroll
                for (int m = 0; m < BLOCK_M; m++)
                #pragma unroll
                for (int n = 0; n < BLOCK_N; n++) sum[m][n] = 0.0f;
                #if PRODUCT_LOCAL_TILES
                // Local tiles (GPUs): work-item (tj, ti) owns rows i_first + m * GROUP_ROWS and columns j_first + n * GROUP_COLUMNS.
                __local float left[TILE_K][TILE_M + 1], right[TILE_K][TILE_N];
                const int tj = get_local_id(0), ti = get_local_id(1), t = ti * GROUP_COLUMNS + tj;
                const int i_tile = get_group_id(1) * TILE_M, j_tile = get_group_id(0) * TILE_N;
                const int i_first = i_tile + ti, i_step = GROUP_ROWS, j_first = j_tile + tj, j_step = GROUP_COLUMNS;
                for (int l0 = 0; l0 < l_count; l0 += TILE_K)
                {
                    for (int e = t; e < TILE_K * TILE_M; e += GROUP_SIZE)
                    {
                        const int i = i_tile + e / TILE_K, l = l0 + e % TILE_K;
                        left[e % TILE_K][e / TILE_K] = i < i_count && l < l_count ? dense_forward_left(p, w, cap, i, l) : 0.0f;
                    }
                    for (int e = t; e < TILE_K * TILE_N; e += GROUP_SIZE)
                    {
                        const int l = l0 + e / TILE_N, j = j_tile + e % TILE_N;
                        right[e / TILE_N][e % TILE_N] = l < l_count && j < j_count ? dense_forward_right(p, w, cap, l, j) : 0.0f;
                    }
                    barrier(CLK_LOCAL_MEM_FENCE);
                    #pragma unroll
                    for (int k = 0; k < TILE_K; k++)
                    {
                        float x[BLOCK_M], y[BLOCK_N];
                        #pragma unroll
                        for (int m = 0; m < BLOCK_M; m++) x[m] = left[k][ti + m * GROUP_ROWS];
                        #pragma unroll
                        for (int n = 0; n < BLOCK_N; n++) y[n] = right[k][tj + n * GROUP_COLUMNS];
                        #pragma unroll
                        for (int m = 0; m < BLOCK_M; m++)
                        #pragma unroll
                        for (int n = 0; n < BLOCK_N; n++) sum[m][n] = fma(x[m], y[n], sum[m][n]);
                    }
                    barrier(CLK_LOCAL_MEM_FENCE);
                }
                #else
                // Direct (CPUs): work-item (x, y) owns rows i_first .. i_first + BLOCK_M - 1 and columns j_first .. j_first + BLOCK_N - 1.
                const int i_first = get_global_id(1) * BLOCK_M, i_step = 1, j_first = get_global_id(0) * BLOCK_N, j_step = 1;
                if (i_first >= i_count || j_first >= j_count) return;
                if (i_first + BLOCK_M <= i_count && j_first + BLOCK_N <= j_count)
                for (int l = 0; l < l_count; l++)
                {
                    float x[BLOCK_M], y[BLOCK_N];
                    #pragma unroll
                    for (int m = 0; m < BLOCK_M; m++) x[m] = dense_forward_left(p, w, cap, i_first + m, l);
                    #pragma unroll
                    for (int n = 0; n < BLOCK_N; n++) y[n] = dense_forward_right(p, w, cap, l, j_first + n);
                    #pragma unroll
                    for (int m = 0; m < BLOCK_M; m++)
                    #pragma unroll
                    for (int n = 0; n < BLOCK_N; n++) sum[m][n] = fma(x[m], y[n], sum[m][n]);
                }
                else // a block at the edge
                for (int l = 0; l < l_count; l++)
                {
                    float x[BLOCK_M], y[BLOCK_N];
                    #pragma unroll
                    for (int m = 0; m < BLOCK_M; m++) x[m] = dense_forward_left(p, w, cap, min(i_first + m, i_count - 1), l);
                    #pragma unroll
                    for (int n = 0; n < BLOCK_N; n++) y[n] = dense_forward_right(p, w, cap, l, min(j_first + n, j_count - 1));
                    #pragma unroll
                    for (int m = 0; m < BLOCK_M; m++)
                    #pragma unroll
                    for (int n = 0; n < BLOCK_N; n++) sum[m][n] = fma(x[m], y[n], sum[m][n]);
                }
                #endif
                float block[BLOCK_M * BLOCK_N];
                #pragma unroll
                for (int m = 0; m < BLOCK_M; m++)
                #pragma unroll
                for (int n = 0; n < BLOCK_N; n++) block[m * BLOCK_N + n] = sum[m][n];
                for (int k = 0; k < BLOCK_M * BLOCK_N; k++)
                {
                    const int i = i_first + k / BLOCK_N * i_step, j = j_first + k % BLOCK_N * j_step;
                    if (i >= i_count || j >= j_count) continue;
                    const float acc = block[k];
                    const size_t at = (size_t)i * 128 + j;
                    const float a = activate_relu(acc + p[DENSE_BIAS + j]);
                    SLOT(DENSE_OUTPUT)[at] = a;
                    // dropout: Dropout(0.3); inverted dropout in training, identity at inference.
                    float keep = 1.0f;
                    if (mode == MODE_TRAINING) { keep = uniform01(seed, 1u, (uint)at) < 0.3f ? 0.0f : 1.4285715f; SLOT(DROPOUT_MASK)[at] = keep; }
                    else if (mode == MODE_FROZEN_MASKS) keep = SLOT(DROPOUT_MASK)[at];
                    SLOT(DROPOUT_OUTPUT)[at] = a * keep;
                }
            }

            """, GeneratedCode.Kernel(Generate(Mlp), "dense_forward"));
        Assert.Equal("""
            // dense: dL/dz from dropout's gradient through its mask and relu's derivative.
            inline float dense_dz(__global const float* w, const int cap, const size_t at) { return SLOT(DROPOUT_GRADIENT)[at] * SLOT(DROPOUT_MASK)[at] * derive_relu(SLOT(DENSE_OUTPUT)[at]); }

            """, GeneratedCode.Kernel(Generate(Mlp), "dense_dz"));
    }

    [Fact]
    public void A_softmax_layer_fused_with_the_loss_writes_the_loss_gradient_into_the_gradient_before_it()
    {
        string code = Generate("""
            using NeuralDsl;
            namespace Focus;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(8)]
            [Dense(4)]
            [Activation(Activation.Softmax)]
            public partial class SoftmaxLayer;
            """);

        Assert.Equal("""
            /// <inheritdoc/>
            public override void Backward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> targets, int rows)
            {
                // Output: softmax fused with categorical cross-entropy, dL/dz = (p − y) / rows.
                global::NeuralDsl.Cpu.LossMath.SoftmaxCrossEntropyGradient(_activationOutput.AsSpan(0, rows * OutputSize), targets, _denseGradient.AsSpan(0, rows * OutputSize), rows, OutputSize);
                // Each layer runs backward only while it or a layer upstream of it trains (SetTrainable may change which at run time).
                // activation: fused with the loss, whose gradient already is dL/dz in dense's gradient.
                if (FirstTrainableLayer > 0) return; // nothing from dense down trains
                DenseBackward(x, rows);
            }

            """, GeneratedCode.Member(code, "GeneratedCpuPasses.Backward"));
        Assert.Contains("SLOT(DENSE_GRADIENT)[e] = (a - y) * scale;", GeneratedCode.Kernel(code, "loss_gradient"));
        Assert.DoesNotContain("activation_gradient", code, StringComparison.OrdinalIgnoreCase); // aliased: no buffer of its own
    }

    [Fact]
    public void OpenCl_loss_gradient_calls_the_loss_derivative_of_the_formula_table()
    {
        string code = Generate("""
            using NeuralDsl;
            namespace Focus;
            [Model]
            [Input(6)]
            [Dense(3, Activation.LeakyRelu)]
            public partial class Regression;
            """);

        Assert.Equal("""
            // dL/d(output) of the batch-mean MeanSquaredError loss, for dense.
            __kernel void loss_gradient(MODEL_ARGS)
            {
                const int e = get_global_id(0);
                if (e >= rows * 3) return;
                const float a = SLOT(DENSE_OUTPUT)[e], y = SLOT(Y_SLOT)[e], scale = 1.0f / (rows * 3.0f);
                SLOT(DENSE_GRADIENT)[e] = (derive_mean_squared_error(a, y)) * scale;
            }

            """, GeneratedCode.Kernel(code, "loss_gradient"));
        Assert.Contains("inline float derive_mean_squared_error(const float p, const float y) { return 2.0f * (p - y); }", code);
        // The slope is the runtime's FormulaConstants.LeakyReluSlope, defined by name where the helper needs it.
        Assert.Contains("#define LEAKY_RELU_SLOPE 0.2f", code);
        Assert.Contains("inline float activate_leaky_relu(const float z) { return z > 0.0f ? z : LEAKY_RELU_SLOPE * z; }", code);
        Assert.DoesNotContain("softmax_vector", code); // helpers come only when a kernel asks for them
        Assert.DoesNotContain("uniform01", code);
    }

    [Fact]
    public void OpenCl_max_pooling_keeps_its_arg_max_as_integer_bits()
    {
        string code = Generate("""
            using NeuralDsl;
            namespace Focus;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(4, 4, 2)]
            [Conv2D(3, 2, Activation.Relu)]
            [MaxPooling2D(2, Strides = 1)]
            [Flatten]
            [Dense(2, Activation.Softmax)]
            public partial class Pooled;
            """);

        string forward = GeneratedCode.Kernel(code, "max_pooling2d_forward");
        Assert.Contains("SLOT(MAX_POOLING2D_ARGMAX)[e] = as_float(at);", forward);
        Assert.Contains("if (as_int(SLOT(MAX_POOLING2D_ARGMAX)[o]) == rest) sum += SLOT(MAX_POOLING2D_GRADIENT)[o];", GeneratedCode.Kernel(code, "max_pooling2d_backward"));
        // The CPU keeps the same buffer as ints.
        Assert.Contains("private int[] _maxPooling2dArgmax = [];", code);
    }

    [Fact]
    public void OpenCl_kernel_arguments_follow_the_runtime_abi()
    {
        string source = GeneratedCode.OpenClSource(Generate(Mlp));

        string layerArguments = string.Join(", ", Enum.GetNames<NeuralDsl.OpenCl.LayerKernelArgument>());
        Assert.Equal("Parameters, Gradients, Workspace, Scalars, Rows, Capacity, Seed, Mode", layerArguments);
        Assert.Contains("#define MODEL_ARGS __global float* p, __global float* g, __global float* w, __global float* s, const int rows, const int cap, const uint seed, const int mode", source);
        Assert.Equal("Workspace, DataInputs, DataTargets, Order, First, Rows, Capacity", string.Join(", ", Enum.GetNames<NeuralDsl.OpenCl.GatherKernelArgument>()));
        Assert.Contains("__kernel void gather_batch(__global float* w, __global const float* data_x, __global const float* data_y, __global const int* order, const int first, const int rows, const int cap)", source);
        // The products' tiling comes from the runtime's build options, and a build without them stops with the macro's name.
        foreach (string macro in NeuralDsl.OpenCl.ProductMacros.All)
            Assert.Contains($"#ifndef {macro}\n#error \"{macro} is not defined", source);
        Assert.Contains($"#define X_SLOT {NeuralDsl.OpenCl.OpenClAbi.InputSlot} ", source);
        Assert.Contains($"#define MODE_TRAINING {(int)PassMode.Training} ", source);
    }

    [Fact]
    public void A_regularizer_whose_factors_are_zero_adds_no_code()
    {
        string code = Generate("""
            using NeuralDsl;
            namespace Focus;
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.L1, L1 = 0)]
            public partial class Unpenalized;
            """);

        Assert.Contains("public override double Penalty() => 0; // no kernel regularizer", code);
        Assert.DoesNotContain("regularization_penalty", code);
        Assert.DoesNotContain("RegularizationMath", code);
    }

    private const string Residuals = """
        using NeuralDsl;
        namespace Focus;
        [Model(Loss = Loss.MeanSquaredError)]
        [Input(6, 6, 4)]
        [Conv2D(4, 3, Padding = Padding.Same, Name = "stem")]
        [Conv2D(4, 1, Name = "projection")]
        [Add("stem", Name = "sum")]
        [Conv2D(4, 1, Name = "shared")]
        [Add("sum", Name = "again")]
        [Add("shared", Name = "twice")]
        [Flatten]
        [Dense(2)]
        public partial class Residuals;
        """;

    [Fact]
    public void Cpu_convolution_adds_the_residual_of_the_add_that_alone_reads_it_at_inference()
    {
        string code = Generate(Residuals);
        Assert.Equal("""
            /// <summary>projection: Conv2D(4, 1), 6×6×4 → 6×6×4, 1×1 kernel, stride 1, valid padding; bias fused into the kernel.</summary>
            private global::System.ReadOnlySpan<float> ProjectionForward(global::System.ReadOnlySpan<float> input, int rows, global::NeuralDsl.PassMode mode, global::System.ReadOnlySpan<float> residual)
            {
                const int Filters = 4, KernelLength = 1 * 1 * 4 * 4;
                var columns = _projectionColumns.AsSpan(0, global::NeuralDsl.Cpu.Conv2DMath.ColumnsLength(in s_projectionWindow, rows));
                if (mode == global::NeuralDsl.PassMode.Inference)
                {
                    // sum in the epilogue: its second input (residual) added to each result.
                    var sumOutput = _sumOutput.AsSpan(0, rows * SumOutputSize); // written by this layer
                    global::NeuralDsl.Cpu.Conv2DMath.Forward<global::NeuralDsl.Cpu.Linear>(input, Parameters.Slice(ProjectionKernel, KernelLength), Parameters.Slice(ProjectionBias, Filters), sumOutput, columns, rows, in s_projectionWindow, Filters, residual);
                    return sumOutput;
                }
                var output = _projectionOutput.AsSpan(0, rows * ProjectionOutputSize);
                global::NeuralDsl.Cpu.Conv2DMath.Forward<global::NeuralDsl.Cpu.Linear>(input, Parameters.Slice(ProjectionKernel, KernelLength), Parameters.Slice(ProjectionBias, Filters), output, columns, rows, in s_projectionWindow, Filters);
                return output;
            }

            """, GeneratedCode.Member(code, "ProjectionForward"));
        Assert.Contains("var projectionOutput = ProjectionForward(stemOutput, rows, mode, stemOutput);", code);
        Assert.Contains("if (mode == global::NeuralDsl.PassMode.Inference) return input1; // projection's epilogue added input2 and wrote this layer's output",
            GeneratedCode.Member(code, "SumForward"));
        // "shared" is read by two layers, so neither Add after it is fused: it writes its own output, they add as ever.
        Assert.Contains("var sharedOutput = SharedForward(sumOutput, rows);", code);
        Assert.DoesNotContain("mode", GeneratedCode.Member(code, "AgainForward"));
    }

    [Fact]
    public void An_add_whose_second_input_runs_after_the_convolution_stays_a_pass_of_its_own()
    {
        string code = Generate("""
            using NeuralDsl;
            namespace Focus;
            [Model(Loss = Loss.MeanSquaredError)]
            [Input(6, 6, 4)]
            [Conv2D(4, 3, Padding = Padding.Same, Name = "stem")]
            [Conv2D(4, 1, Name = "early")]
            [Conv2D(4, 1, From = "stem", Name = "late")]
            [Add("late", From = "early", Name = "sum")]
            [Flatten]
            [Dense(2)]
            public partial class LateResidual;
            """);

        Assert.Contains("var earlyOutput = EarlyForward(stemOutput, rows);", code);
        Assert.Contains("var sumOutput = SumForward(earlyOutput, lateOutput, rows);", code);
        Assert.DoesNotContain("global::System.ReadOnlySpan<float> residual", code);
    }

    private static string Generate(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        return Assert.Single(run.GeneratedSources).Value;
    }
}
