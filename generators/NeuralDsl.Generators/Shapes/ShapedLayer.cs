using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>A layer with the shape it receives and the shape it produces.</summary>
internal sealed record ShapedLayer(LayerSpec Layer, Shape Input, Shape Output);
