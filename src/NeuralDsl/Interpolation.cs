// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>How a spatial augmentation (<c>RandomTranslation</c>) reads a sample that falls between pixels, as Keras's
/// <c>interpolation</c>.</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Interpolation
{
    /// <summary>Keras's <c>"bilinear"</c> (its default): the four pixels around the sample, weighted by closeness.</summary>
    Bilinear,
    /// <summary>Keras's <c>"nearest"</c>: the one pixel nearest the sample.</summary>
    Nearest,
}
