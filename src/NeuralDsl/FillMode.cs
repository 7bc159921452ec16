// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>
/// What a spatial augmentation (<c>RandomTranslation</c>) reads where its sample falls outside the image, as Keras's
/// <c>fill_mode</c>. Shown for a row <c>a b c d</c> extended on both sides.
/// </summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum FillMode
{
    /// <summary>Keras's <c>"reflect"</c> (its default): mirrored about the edge of the last pixel,
    /// <c>d c b a | a b c d | d c b a</c>.</summary>
    Reflect,
    /// <summary>Keras's <c>"wrap"</c>: the opposite edge, <c>a b c d | a b c d | a b c d</c>.</summary>
    Wrap,
    /// <summary>Keras's <c>"constant"</c>: the fill value k everywhere outside, <c>k k k k | a b c d | k k k k</c>.</summary>
    Constant,
    /// <summary>Keras's <c>"nearest"</c>: the edge pixel repeated, <c>a a a a | a b c d | d d d d</c>.</summary>
    Nearest,
}
