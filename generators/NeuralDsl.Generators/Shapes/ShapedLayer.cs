using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>A layer with its Keras name, the layers it reads (<see cref="Inputs"/>: indices among the model's layers, -1
/// for the model input; the first is its main input, the others a merge's), the shapes it receives and produces, and for
/// a convolution or pooling layer the geometry of its window over the input.</summary>
internal sealed record ShapedLayer(LayerSpec Layer, string Name, EquatableArray<int> Inputs, EquatableArray<Shape> InputShapes, Shape Output, Window? Window)
{
    /// <summary>The shape of the main (first) input.</summary>
    public Shape Input => InputShapes[0];
}
