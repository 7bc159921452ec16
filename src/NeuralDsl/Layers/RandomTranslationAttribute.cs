namespace NeuralDsl;

/// <summary>
/// Augmentation (Keras <c>RandomTranslation</c>): in training, each image is shifted by up to
/// <see cref="HeightFactor"/> of its height and <see cref="WidthFactor"/> of its width (each drawn uniformly in
/// [−factor, factor] from the model's seeded stream), the uncovered border filled as <see cref="FillMode"/> says; at
/// inference the layer is the identity.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RandomTranslationAttribute : LayerAttribute
{
    public RandomTranslationAttribute(double heightFactor, double widthFactor)
    {
        HeightFactor = heightFactor;
        WidthFactor = widthFactor;
    }

    /// <summary>The largest vertical shift as a fraction of the height, in [0, 1].</summary>
    public double HeightFactor { get; }

    /// <summary>The largest horizontal shift as a fraction of the width, in [0, 1].</summary>
    public double WidthFactor { get; }

    /// <summary>How the uncovered border is filled (Keras default reflect).</summary>
    public FillMode FillMode { get; set; } = LayerDefaults.FillMode;

    /// <summary>How a shift between pixels samples the image (Keras default bilinear).</summary>
    public Interpolation Interpolation { get; set; } = LayerDefaults.Interpolation;

    /// <summary>The value outside the image when <see cref="FillMode"/> is <see cref="FillMode.Constant"/> (Keras default 0).</summary>
    public double FillValue { get; set; } = LayerDefaults.FillValue;
}
