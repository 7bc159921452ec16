using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Reading;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// The Planning step, for a model without errors: names every layer as Keras would, lays the parameters
/// out in one buffer (per layer: kernel, then bias), decides which passes run backward, and fuses the
/// output activation with the loss where the combined gradient is exact and cheap (softmax + categorical
/// cross-entropy, sigmoid + binary cross-entropy).
/// </summary>
internal static class ModelPlanner
{
    public static ModelPlan Plan(ShapedModel model)
    {
        var spec = model.Spec;
        var naming = new Naming();
        var ops = new List<OpPlan>();
        var fusion = Fusion(spec.Loss, model.Layers);
        int offset = 0;
        bool parametersBefore = false;

        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            string name = naming.Next(layer.Layer.Kind);
            string stem = Naming.PascalCase(name);
            bool fused = i == model.Layers.Count - 1 && fusion != OutputGradientKind.Loss;
            switch (layer.Layer)
            {
                case DenseSpec dense:
                    int inputs = layer.Input.Size, units = layer.Output.Size;
                    var tensors = new List<TensorPlan>
                    {
                        new TensorPlan(name + "/kernel", stem + "Kernel", EquatableArray.Of(inputs, units), offset, inputs * units, dense.Weights.KernelInitializer),
                    };
                    offset += inputs * units;
                    if (dense.Weights.UseBias)
                    {
                        tensors.Add(new TensorPlan(name + "/bias", stem + "Bias", EquatableArray.Of(units), offset, units, dense.Weights.BiasInitializer));
                        offset += units;
                    }
                    ops.Add(new DenseOp(name, stem, dense.Description, layer.Input, layer.Output, tensors.ToEquatableArray(),
                        parametersBefore, dense.Activation, fused, Regularization(dense.Weights)));
                    parametersBefore = true;
                    break;
                case Conv2DSpec conv:
                    {
                        var window = layer.Window!;
                        int channels = window.InputChannels, filters = conv.Filters, length = conv.KernelHeight * conv.KernelWidth * channels * filters;
                        var convTensors = new List<TensorPlan>
                    {
                        new TensorPlan(name + "/kernel", stem + "Kernel", EquatableArray.Of(conv.KernelHeight, conv.KernelWidth, channels, filters), offset, length, conv.Weights.KernelInitializer),
                    };
                        offset += length;
                        if (conv.Weights.UseBias)
                        {
                            convTensors.Add(new TensorPlan(name + "/bias", stem + "Bias", EquatableArray.Of(filters), offset, filters, conv.Weights.BiasInitializer));
                            offset += filters;
                        }
                        ops.Add(new ConvOp(name, stem, conv.Description, layer.Input, layer.Output, convTensors.ToEquatableArray(),
                            parametersBefore, conv.Activation, fused, Regularization(conv.Weights), window));
                        parametersBefore = true;
                        break;
                    }
                case Pooling2DSpec pooling:
                    {
                        ops.Add(new PoolOp(name, stem, pooling.Description, layer.Input, layer.Output, parametersBefore, pooling.IsMax, layer.Window!));
                        break;
                    }
                case FlattenSpec flatten:
                    ops.Add(new FlattenOp(name, stem, flatten.Description, layer.Input, layer.Output, parametersBefore));
                    break;
                case ActivationSpec activation:
                    ops.Add(new ActivationOp(name, stem, activation.Description, layer.Input, layer.Output, parametersBefore, activation.Activation, fused));
                    break;
                case DropoutSpec dropout:
                    ops.Add(new DropoutOp(name, stem, dropout.Description, layer.Input, layer.Output, parametersBefore, dropout.Rate));
                    break;
            }
        }

        var outputGradient = ops[ops.Count - 1].RunsBackward ? fusion : OutputGradientKind.None;
        string containers = "";
        foreach (var type in spec.ContainingTypes) containers += type.Name + ".";
        return new ModelPlan(
            Namespace: spec.Namespace,
            ContainingTypes: spec.ContainingTypes,
            ClassName: spec.ClassName,
            FullName: spec.FullName,
            HintName: (spec.Namespace is null ? "" : spec.Namespace + ".") + containers + spec.ClassName + ".g.cs",
            ModelName: Naming.SnakeCase(spec.ClassName),
            InputShape: model.Input!,
            Loss: spec.Loss,
            Metrics: spec.Metrics,
            Ops: ops.ToEquatableArray(),
            OutputGradient: outputGradient);
    }

    /// <summary>The fused output gradient the last layer allows, or <see cref="OutputGradientKind.Loss"/>.</summary>
    private static OutputGradientKind Fusion(Loss loss, EquatableArray<ShapedLayer> layers)
    {
        var activation = layers[layers.Count - 1].Layer.OutputActivation;
        if (activation == Activation.Softmax && (loss == Loss.CategoricalCrossentropy || loss == Loss.SparseCategoricalCrossentropy))
            return OutputGradientKind.SoftmaxCrossEntropy;
        if (activation == Activation.Sigmoid && loss == Loss.BinaryCrossentropy)
            return OutputGradientKind.SigmoidCrossEntropy;
        return OutputGradientKind.Loss;
    }

    private static RegularizationPlan? Regularization(WeightOptions options) => options.KernelRegularizer switch
    {
        Regularizer.L1 => new RegularizationPlan(options.L1, 0),
        Regularizer.L2 => new RegularizationPlan(0, options.L2),
        Regularizer.L1L2 => new RegularizationPlan(options.L1, options.L2),
        _ => null,
    };
}
