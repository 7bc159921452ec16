using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Shapes;

/// <summary>A layer that produces an input, as messages name it: its kind (<c>Conv2D</c>) and its name (<c>conv2d_1</c>).</summary>
internal sealed record Producer(string Kind, string Name);

/// <summary>What a layer receives: the shape of its first input (the previous layer's output, or <c>From</c>'s) and, for a
/// merge (Add, Concatenate), the shapes of the layers it names, each with the layer that produces it.</summary>
internal sealed record LayerInputs(EquatableArray<Shape> Shapes, EquatableArray<Producer> Producers)
{
    public Shape First => Shapes[0];

    /// <summary>The kind of the first input's producer, as the single-input messages name it (<c>from Conv2D</c>).</summary>
    public string FirstKind => Producers[0].Kind;
}

/// <summary>What the Shapes step finds for one layer: its output shape and, for a convolution or pooling layer, its
/// window over the input.</summary>
internal sealed record ShapedOutput(Shape Output, Window? Window = null);
