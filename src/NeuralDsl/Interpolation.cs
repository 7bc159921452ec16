// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>How a shift between pixels samples the image (Keras's interpolation).</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Interpolation
{
    /// <summary>The four nearest pixels, weighted by distance (Keras "bilinear", the default).</summary>
    Bilinear,
    /// <summary>The nearest pixel (Keras "nearest").</summary>
    Nearest,
}
