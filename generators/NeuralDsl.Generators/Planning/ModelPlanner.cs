using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// The Planning step, for a model without errors. It names every layer as Keras would, lays the parameters out in one
/// buffer (per layer: kernel, then bias), decides which passes run backward, and makes every fusion and aliasing
/// decision the backends follow:
/// <list type="bullet">
/// <item>the output activation fused with the loss where the combined gradient is exact and cheap (softmax +
/// categorical cross-entropy, sigmoid + binary cross-entropy);</item>
/// <item>a Dropout right after a Dense (other than softmax) fused into that Dense's passes;</item>
/// <item>the workspace buffers, with Flatten (a reshape) and a loss-fused activation layer aliasing the buffers of
/// the pass before them.</item>
/// </list>
/// </summary>
internal static class ModelPlanner
{
    public static ModelPlan Plan(ShapedModel model)
    {
        var spec = model.Spec;
        var layers = model.Layers;
        int count = layers.Count;
        var outputGradient = LossFusion(spec.Loss, layers[count - 1].Layer);
        string[] layerNames = LayerNames.Assign(layers.Select(layer => layer.Layer));

        // Per layer, in order: its name, parameters, whether it runs backward, and the fusions it takes part in.
        var name = new string[count];
        var tensors = new EquatableArray<TensorPlan>[count];
        var needsInputGradient = new bool[count];
        var runsBackward = new bool[count];
        var dropoutFusedIntoDense = new bool[count]; // at the Dropout's index
        int offset = 0;
        bool parametersBefore = false;
        for (int i = 0; i < count; i++)
        {
            name[i] = layerNames[i];
            tensors[i] = Tensors(layers[i], name[i], ref offset);
            needsInputGradient[i] = parametersBefore;
            runsBackward[i] = parametersBefore || !tensors[i].IsEmpty;
            parametersBefore |= !tensors[i].IsEmpty;
            dropoutFusedIntoDense[i] = layers[i].Layer is DropoutSpec && i > 0 &&
                layers[i - 1].Layer is DenseSpec { Activation: not Activation.Softmax };
        }
        bool lossFused = outputGradient != OutputGradientKind.Loss;
        if (!runsBackward[count - 1]) outputGradient = OutputGradientKind.None;

        // The workspace: outputs, masks and gradients, with the aliases.
        var buffers = new List<BufferPlan>();
        BufferPlan Buffer(int i, BufferRole role)
        {
            var buffer = new BufferPlan(name[i], role, layers[i].Output.Size);
            buffers.Add(buffer);
            return buffer;
        }
        var output = new BufferPlan?[count];
        var mask = new BufferPlan?[count];
        var gradient = new BufferPlan?[count];
        for (int i = 0; i < count; i++)
        {
            var layer = layers[i].Layer;
            bool flatten = layer is FlattenSpec;
            output[i] = flatten ? (i == 0 ? null : output[i - 1]) : Buffer(i, BufferRole.Output);
            if (layer is DropoutSpec)
                mask[i] = Buffer(i, BufferRole.Mask);
            else if (layer is Pooling2DSpec { IsMax: true })
                mask[i] = Buffer(i, BufferRole.ArgMax);

            bool lossFusedActivation = i == count - 1 && lossFused && layer is ActivationSpec;
            bool feedsFusedDropout = i + 1 < count && dropoutFusedIntoDense[i + 1];
            if (!runsBackward[i] || feedsFusedDropout) gradient[i] = null; // a fused Dense reads its Dropout's, set below
            else if (flatten || lossFusedActivation) gradient[i] = gradient[i - 1];
            else gradient[i] = Buffer(i, BufferRole.Gradient);
            // A Dense whose Dropout is fused into it reads the Dropout's gradient through the mask: it needs none of its own.
            if (dropoutFusedIntoDense[i]) gradient[i - 1] = gradient[i];
        }

        var ops = new OpPlan[count];
        for (int i = count - 1; i >= 0; i--) // backward, so a Dense finds the Dropout fused into it already planned
        {
            var shaped = layers[i];
            bool fusedWithLoss = i == count - 1 && lossFused;
            var io = new OpBuffers(
                Input: i == 0 ? null : output[i - 1],
                Output: output[i],
                OutputGradient: gradient[i],
                InputGradient: needsInputGradient[i] && !dropoutFusedIntoDense[i] ? gradient[i - 1] : null,
                Mask: mask[i]);
            var common = new OpCommon(name[i], Casing.PascalCase(name[i]), shaped.Layer.Description, shaped.Input, shaped.Output, tensors[i], needsInputGradient[i], io,
                Trainable: shaped.Layer.WeightOptions?.Trainable ?? true, Index: i);
            ops[i] = shaped.Layer switch
            {
                DenseSpec dense => new DenseOp(common, dense.Activation, fusedWithLoss, Regularization(dense.Weights),
                    i + 1 < count && dropoutFusedIntoDense[i + 1] ? (DropoutOp)ops[i + 1] : null),
                Conv2DSpec conv => new ConvOp(common, conv.Activation, fusedWithLoss, Regularization(conv.Weights), shaped.Window!),
                Pooling2DSpec pooling => new PoolOp(common, pooling.IsMax, shaped.Window!),
                FlattenSpec => new FlattenOp(common),
                DropoutSpec dropout => new DropoutOp(common, dropout.Rate, dropoutFusedIntoDense[i] ? name[i - 1] : null),
                ActivationSpec activation => new ActivationOp(common, activation.Activation, fusedWithLoss),
                _ => throw new System.InvalidOperationException("No plan for " + shaped.Layer.Kind),
            };
        }

        return new ModelPlan(
            Spec: spec,
            ModelName: Casing.SnakeCase(spec.ClassName),
            InputShape: model.Input!,
            Ops: ops.ToEquatableArray(),
            Buffers: buffers.ToEquatableArray(),
            OutputGradient: outputGradient);
    }

    /// <summary>A weighted layer's tensors at <paramref name="offset"/>: the kernel, then the bias (when it has one).</summary>
    private static EquatableArray<TensorPlan> Tensors(ShapedLayer layer, string name, ref int offset)
    {
        EquatableArray<int> kernelShape;
        WeightOptions options;
        int units;
        switch (layer.Layer)
        {
            case DenseSpec dense:
                units = layer.Output.Size;
                kernelShape = EquatableArray.Of(layer.Input.Size, units);
                options = dense.Weights;
                break;
            case Conv2DSpec conv:
                units = conv.Filters;
                kernelShape = EquatableArray.Of(conv.KernelHeight, conv.KernelWidth, layer.Window!.InputChannels, units);
                options = conv.Weights;
                break;
            default:
                return EquatableArray<TensorPlan>.Empty;
        }
        var tensors = new List<TensorPlan>();
        int length = 1;
        foreach (int dim in kernelShape) length *= dim;
        tensors.Add(new TensorPlan(name + "/kernel", kernelShape, offset, length, options.KernelInitializer));
        offset += length;
        if (options.UseBias)
        {
            tensors.Add(new TensorPlan(name + "/bias", EquatableArray.Of(units), offset, units, options.BiasInitializer));
            offset += units;
        }
        return tensors.ToEquatableArray();
    }

    /// <summary>The fused output gradient the last layer allows, or <see cref="OutputGradientKind.Loss"/>.</summary>
    private static OutputGradientKind LossFusion(Loss loss, LayerSpec last)
    {
        var activation = last.OutputActivation;
        if (activation == Activation.Softmax && (loss == Loss.CategoricalCrossentropy || loss == Loss.SparseCategoricalCrossentropy))
            return OutputGradientKind.SoftmaxCrossEntropy;
        if (activation == Activation.Sigmoid && loss == Loss.BinaryCrossentropy)
            return OutputGradientKind.SigmoidCrossEntropy;
        return OutputGradientKind.Loss;
    }

    /// <summary>The factors the regularizer uses; none when it has no effect (no regularizer, or factors of 0).</summary>
    private static RegularizationPlan? Regularization(WeightOptions options)
    {
        var choice = options.KernelRegularizer;
        return choice is { L1: 0, L2: 0 } ? null : new RegularizationPlan(choice.L1, choice.L2);
    }
}
