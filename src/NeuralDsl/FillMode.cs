// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>How RandomTranslation fills what the shift uncovers (Keras's <c>fill_mode</c>).</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum FillMode
{
    /// <summary>Mirrored about the edge, the edge pixel repeated: <c>d c b a | a b c d | d c b a</c> (Keras "reflect", the default).</summary>
    Reflect,
    /// <summary>The image repeated: <c>a b c d | a b c d | a b c d</c> (Keras "wrap").</summary>
    Wrap,
    /// <summary>A constant, RandomTranslation's FillValue (Keras "constant").</summary>
    Constant,
    /// <summary>The nearest edge pixel: <c>a a a a | a b c d | d d d d</c> (Keras "nearest").</summary>
    Nearest,
}
