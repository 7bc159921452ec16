using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// The Planning step, for a model without errors. It walks the layer graph in source order (a topological order: a
/// layer reads only earlier ones), lays the tensors out in one buffer (per layer, in its kind's order), decides which
/// passes run backward, and makes every fusion and aliasing decision the backends follow:
/// <list type="bullet">
/// <item>the output activation fused with the loss where the combined gradient is exact and cheap (softmax +
/// categorical cross-entropy, sigmoid + binary cross-entropy);</item>
/// <item>a Dropout fused into the passes of the Dense it reads, when nothing else reads that Dense;</item>
/// <item>at inference, a BatchNormalization folded into the linear Conv2D it reads, when nothing else reads that Conv2D
/// (each sum scaled by γ/√(σ² + ε) per filter and shifted by (b − μ)·γ/√(σ² + ε) + β in the epilogue), an Add that reads
/// the result of such a Conv2D (or of a linear one) and an input computed before it added in that epilogue too (a residual
/// block), and the element-wise activation layer that alone reads the last of them applied there as well;</item>
/// <item>a MaxPooling2D that alone reads a Conv2D computed in the Conv2D's forward and backward passes, a block of images
/// at a time (backward through the Conv2D's activation derivative at its arg-maxes);</item>
/// <item>the workspace buffers, with Flatten (a reshape) and a loss-fused activation layer aliasing the buffers of the
/// layer they read;</item>
/// <item>a layer read by several layers gets one gradient buffer per reader, added up before its own backward pass.</item>
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

        // Who reads each layer, in order: (reader, which of its inputs).
        var readers = Enumerable.Range(0, count).Select(_ => new List<(int Reader, int Position)>()).ToArray();
        for (int i = 0; i < count; i++)
            for (int q = 0; q < layers[i].Inputs.Count; q++)
                if (layers[i].Inputs[q] >= 0) readers[layers[i].Inputs[q]].Add((i, q));

        // Tensors, and which layers run backward: those with trainable weights and every layer downstream of one.
        var tensors = new EquatableArray<TensorPlan>[count];
        var runsBackward = new bool[count];
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            tensors[i] = Place(layers[i], ref offset);
            runsBackward[i] = tensors[i].Any(t => t.Role == TensorRole.Weight) || layers[i].Inputs.Any(p => p >= 0 && runsBackward[p]);
        }
        bool lossFused = outputGradient != OutputGradientKind.Loss;
        if (!runsBackward[count - 1]) outputGradient = OutputGradientKind.None;

        // A Dropout whose only input is a Dense (other than softmax) read by nothing else runs inside that Dense's passes.
        var fusedInto = new int[count];
        for (int i = 0; i < count; i++)
        {
            fusedInto[i] = -1;
            int producer = layers[i].Inputs[0];
            if (layers[i].Layer is DropoutSpec && layers[i].Inputs.Count == 1 && producer >= 0 &&
                layers[producer].Layer is DenseSpec { Activation: not Activation.Softmax } && readers[producer].Count == 1)
                fusedInto[i] = producer;
        }

        // A BatchNormalization whose only input is a linear Conv2D read by nothing else is folded into it at inference.
        var foldedInto = new int[count];
        for (int i = 0; i < count; i++)
        {
            foldedInto[i] = -1;
            int producer = layers[i].Inputs[0];
            if (layers[i].Layer is BatchNormalizationSpec && layers[i].Inputs.Count == 1 && producer >= 0 &&
                layers[producer].Layer is Conv2DSpec { Activation: Activation.Linear } && readers[producer].Count == 1)
                foldedInto[i] = producer;
        }

        // An Add of two inputs whose first is the result of a linear Conv2D (or of the BatchNormalization folded into one),
        // read by nothing else, and whose second is computed before that Conv2D runs: the Conv2D adds it in its epilogue at
        // inference (a residual block's shortcut), writing the Add's output.
        var addFoldedInto = new int[count];
        for (int i = 0; i < count; i++)
        {
            addFoldedInto[i] = -1;
            if (layers[i].Layer is not AddSpec || layers[i].Inputs.Count != 2) continue;
            int main = layers[i].Inputs[0], other = layers[i].Inputs[1];
            if (main < 0 || readers[main].Count != 1) continue;
            int conv = layers[main].Layer is Conv2DSpec { Activation: Activation.Linear } ? main : foldedInto[main];
            if (conv >= 0 && other < conv) addFoldedInto[i] = conv;
        }

        // An element-wise activation layer that alone reads such a BatchNormalization or Add runs in the Conv2D's epilogue at inference.
        var activationFoldedInto = new int[count];
        for (int i = 0; i < count; i++)
        {
            activationFoldedInto[i] = -1;
            int producer = layers[i].Inputs[0];
            if (layers[i].Layer is ActivationSpec { Activation: not (Activation.Softmax or Activation.Linear) } && layers[i].Inputs.Count == 1 &&
                producer >= 0 && readers[producer].Count == 1 && !(i == count - 1 && lossFused))
                activationFoldedInto[i] = foldedInto[producer] >= 0 ? foldedInto[producer] : addFoldedInto[producer];
        }

        // A MaxPooling2D that alone reads a Conv2D runs in the Conv2D's passes, a block of images at a time (the
        // convolution's output and its gradient are never written whole): backward through the activation's derivative at
        // the arg-maxes it routes the gradient to.
        var pooledInto = new int[count];
        for (int i = 0; i < count; i++)
        {
            pooledInto[i] = -1;
            int producer = layers[i].Inputs[0];
            if (layers[i].Layer is Pooling2DSpec { IsMax: true } && layers[i].Inputs.Count == 1 && producer >= 0 && readers[producer].Count == 1 &&
                layers[producer].Layer is Conv2DSpec { Activation: not Activation.Softmax })
            {
                pooledInto[i] = producer;
            }
        }

        // The workspace: outputs, kept buffers and gradients, with the aliases.
        var buffers = new List<BufferPlan>();
        BufferPlan Buffer(int i, BufferRole role, int width, int part = 0)
        {
            var buffer = new BufferPlan(layers[i].Name, role, width, part);
            buffers.Add(buffer);
            return buffer;
        }
        var output = new BufferPlan?[count];
        var kept = new EquatableArray<BufferPlan>[count];
        var gradient = new BufferPlan?[count];
        var parts = Enumerable.Range(0, count).Select(_ => new List<BufferPlan>()).ToArray();

        // The gradient the k-th reader of layer p writes: p's own for the first reader, a part of it for the others.
        BufferPlan? ReaderGradient(int p, int reader, int position)
        {
            if (!runsBackward[p]) return null;
            int k = readers[p].IndexOf((reader, position));
            if (k == 0) return gradient[p];
            var part = Buffer(p, BufferRole.Gradient, layers[p].Output.Size, k);
            parts[p].Add(part);
            return part;
        }

        var inputs = new EquatableArray<OpInput>[count];
        for (int i = 0; i < count; i++)
        {
            var layer = layers[i];
            int main = layer.Inputs[0];
            bool flatten = layer.Layer is FlattenSpec;
            bool lossFusedActivation = i == count - 1 && lossFused && layer.Layer is ActivationSpec;
            output[i] = flatten ? (main < 0 ? null : output[main]) : Buffer(i, BufferRole.Output, layer.Output.Size);
            kept[i] = layer.Layer.KeptBuffers(layer).Select(own => Buffer(i, own.Role, own.Width)).ToEquatableArray();

            var edges = new OpInput[layer.Inputs.Count];
            for (int q = 0; q < edges.Length; q++)
            {
                int p = layer.Inputs[q];
                edges[q] = new OpInput(p < 0 ? null : output[p], p < 0 || fusedInto[i] >= 0 ? null : ReaderGradient(p, i, q));
            }
            inputs[i] = edges.ToEquatableArray();

            bool feedsFusedDropout = readers[i].Count == 1 && fusedInto[readers[i][0].Reader] == i;
            if (!runsBackward[i] || feedsFusedDropout) gradient[i] = null; // a fused Dense reads its Dropout's, set below
            else if (flatten || lossFusedActivation) gradient[i] = edges[0].Gradient; // backward has nothing to do: alias
            else gradient[i] = Buffer(i, BufferRole.Gradient, layer.Output.Size);
            if (fusedInto[i] >= 0) gradient[fusedInto[i]] = gradient[i];
        }

        var ops = new OpPlan[count];
        for (int i = count - 1; i >= 0; i--) // backward, so a Dense finds the Dropout fused into it already planned
        {
            var shaped = layers[i];
            var io = new OpBuffers(inputs[i], output[i], gradient[i], kept[i], parts[i].ToEquatableArray());
            bool needsInputGradient = inputs[i].Any(edge => edge.Gradient is not null);
            var common = new OpCommon(shaped.Name, Casing.PascalCase(shaped.Name), shaped.Layer.Description, shaped.Input, shaped.Output, tensors[i],
                needsInputGradient, io, Trainable: shaped.Layer.Trainable, Index: i, Producers: shaped.Inputs);
            int fusedDropout = readers[i].Count == 1 && fusedInto[readers[i][0].Reader] == i ? readers[i][0].Reader : -1;
            // A Conv2D's inference epilogue, in order: the folded BatchNormalization, the Add, the activation (each optional).
            int SoleReaderFoldedInto(int layer, int[] into) => layer >= 0 && readers[layer].Count == 1 && into[readers[layer][0].Reader] == i ? readers[layer][0].Reader : -1;
            int folded = SoleReaderFoldedInto(i, foldedInto);
            int foldedAdd = SoleReaderFoldedInto(folded >= 0 ? folded : i, addFoldedInto);
            int foldedActivation = SoleReaderFoldedInto(foldedAdd >= 0 ? foldedAdd : folded, activationFoldedInto);
            int into = fusedInto[i] >= 0 ? fusedInto[i] : foldedInto[i] >= 0 ? foldedInto[i] : addFoldedInto[i] >= 0 ? addFoldedInto[i]
                : activationFoldedInto[i] >= 0 ? activationFoldedInto[i] : pooledInto[i];
            int pooledBy = readers[i].Count == 1 && pooledInto[readers[i][0].Reader] == i ? readers[i][0].Reader : -1;
            var fusions = new OpFusions(
                FusedWithLoss: i == count - 1 && lossFused,
                FusedDropout: fusedDropout >= 0 ? (DropoutOp)ops[fusedDropout] : null,
                FusedInto: into >= 0 ? layers[into].Name : null,
                FoldedNormalization: folded >= 0 ? (BatchNormalizationOp)ops[folded] : null,
                FoldedActivation: foldedActivation >= 0 ? (ActivationOp)ops[foldedActivation] : null,
                FoldedAdd: foldedAdd >= 0 ? (AddOp)ops[foldedAdd] : null,
                PooledBy: pooledBy >= 0 ? (PoolOp)ops[pooledBy] : null);
            ops[i] = shaped.Layer.CreateOp(common, shaped, fusions);
        }

        return new ModelPlan(
            Spec: spec,
            ModelName: Casing.SnakeCase(spec.ClassName),
            InputShape: model.Input!,
            Ops: ops.ToEquatableArray(),
            Buffers: buffers.ToEquatableArray(),
            OutputGradient: outputGradient);
    }

    /// <summary>The layer's tensors, placed one after the other from <paramref name="offset"/>.</summary>
    private static EquatableArray<TensorPlan> Place(ShapedLayer layer, ref int offset)
    {
        var tensors = new List<TensorPlan>();
        foreach (var tensor in layer.Layer.TensorSpecs(layer))
        {
            int length = tensor.Shape.Aggregate(1, (product, dim) => product * dim);
            tensors.Add(new TensorPlan(layer.Name + "/" + tensor.Suffix, tensor.Shape, offset, length, tensor.Initializer, tensor.Role));
            offset += length;
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
}
