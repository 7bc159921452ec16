using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>A layer with the shape it receives and the shape it produces, and for a convolution or pooling layer
/// the geometry of its window over the input.</summary>
internal sealed record ShapedLayer(LayerSpec Layer, Shape Input, Shape Output, Window? Window);
