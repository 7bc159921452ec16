namespace NeuralDsl.Generators;

/// <summary>Names of the incremental steps, so tests can check what was cached.</summary>
public static class TrackingNames
{
    /// <summary>Reading: [Model] class → ModelSpec.</summary>
    public const string ReadModel = "NeuralDsl.ReadModel";

    /// <summary>Shapes: ModelSpec → ShapedModel (shapes and diagnostics).</summary>
    public const string InferShapes = "NeuralDsl.InferShapes";

    /// <summary>Planning and emitting: ShapedModel → generated source.</summary>
    public const string Generate = "NeuralDsl.Generate";

    /// <summary>Layer attributes on classes without [Model].</summary>
    public const string StrayLayers = "NeuralDsl.StrayLayers";
}
