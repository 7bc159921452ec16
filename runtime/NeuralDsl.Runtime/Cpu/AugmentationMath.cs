using System.ComponentModel;

namespace NeuralDsl.Cpu;

/// <summary>
/// The training-time image augmentations of Keras 3, <c>RandomFlip</c> and <c>RandomTranslation</c>, over channels-last
/// images (<c>rows × height × width × channels</c>). Each pass first draws its per-row choices into a float buffer
/// (<see cref="SampleFlips"/>, <see cref="SampleTranslations"/>) so the backward pass replays the same ones.
/// </summary>
/// <remarks>
/// What Keras 3 does, read from its sources (keras/src/layers/preprocessing/image_preprocessing/random_flip.py and
/// random_translation.py, keras/src/backend/{tensorflow,jax,numpy}/image.py, and TensorFlow's
/// core/kernels/image/image_ops.h behind the TensorFlow backend):
/// <list type="bullet">
/// <item>RandomFlip draws one uniform per image and flips it where the draw is ≤ 0.5; in
/// <c>"horizontal_and_vertical"</c> mode that one draw flips both axes together (a half turn or nothing), not each axis
/// on its own.</item>
/// <item>RandomTranslation draws <c>uniform(−factor, factor)·height</c> (and likewise ·width) per image and builds the
/// inverse map <c>[[1, 0, −dx], [0, 1, −dy]]</c>: output pixel (y, x) samples the input at (y − dy, x − dx), so a positive
/// dy moves the image down and a positive dx right (the layer's docs: "a negative value means shifting image up").
/// Keras's own test (test_random_translation_up_numeric_reflect) shifts a 5×5 <c>arange</c> up one pixel and expects the
/// last row to repeat <c>20 … 24</c>, which is the reflect convention below.</item>
/// <item>fill_mode <c>"reflect"</c> is <c>d c b a | a b c d | d c b a</c> (mirrored about the edge of the last pixel, so
/// the edge pixel repeats), <c>"wrap"</c> <c>a b c d | a b c d</c>, <c>"nearest"</c> <c>a a | a b c d | d d</c>,
/// <c>"constant"</c> the fill value.</item>
/// </list>
/// Bilinear interpolation here reads the image extended by the fill mode at each of the four corners of a sample, as
/// the JAX and NumPy backends do (<c>map_coordinates</c> over the padded image). For reflect and nearest that equals
/// the TensorFlow kernel, which maps the sample's coordinate first; for wrap TensorFlow keeps SciPy's old period of
/// length − 1 in one step and so misplaces some samples, and for constant it fills a whole sample that lies outside
/// [0, length − 1] where the corner rule blends the edge pixel with the fill value over that last half-pixel. Both
/// rules agree on integer offsets except TensorFlow's wrap beyond one period.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AugmentationMath
{
    /// <summary>
    /// Draws each row's flips into <paramref name="choices"/> (<c>rows × 2</c>: <c>[r·2]</c> = reverse the rows of the
    /// image, the height axis, Keras's "vertical"; <c>[r·2 + 1]</c> = reverse its columns, the width axis, Keras's
    /// "horizontal"; 1 or 0). One draw per row with probability 1/2, applied to every enabled axis, as Keras 3.
    /// </summary>
    public static void SampleFlips(Span<float> choices, int rows, bool horizontal, bool vertical, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentNullException.ThrowIfNull(random);
        Require(choices.Length, 2L * rows, nameof(choices));
        for (int r = 0; r < rows; r++)
        {
            float flip = random.NextFloat() < 0.5f ? 1f : 0f;
            choices[2 * r] = vertical ? flip : 0f;
            choices[2 * r + 1] = horizontal ? flip : 0f;
        }
    }

    /// <summary>Overwrites <paramref name="output"/> with each row's image flipped as its <paramref name="choices"/>
    /// say (a nonzero choice flips). A flip is its own inverse and transpose, so this is also the backward pass.
    /// <paramref name="x"/> and <paramref name="output"/> must not overlap.</summary>
    public static void Flip(ReadOnlySpan<float> x, ReadOnlySpan<float> choices, Span<float> output, int rows, int height, int width, int channels)
    {
        int size = CheckImages(x.Length, nameof(x), output.Length, nameof(output), rows, height, width, channels);
        Require(choices.Length, 2L * rows, nameof(choices));
        if (x.Overlaps(output)) throw new ArgumentException("Flip reads x while it writes output: they must not overlap.", nameof(output));
        int run = width * channels;
        for (int r = 0; r < rows; r++)
        {
            bool flipRows = choices[2 * r] != 0f, flipColumns = choices[2 * r + 1] != 0f;
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<float> source = x.Slice(r * size + (flipRows ? height - 1 - y : y) * run, run);
                Span<float> target = output.Slice(r * size + y * run, run);
                if (!flipColumns)
                {
                    source.CopyTo(target);
                    continue;
                }
                for (int column = 0; column < width; column++)
                    source.Slice((width - 1 - column) * channels, channels).CopyTo(target.Slice(column * channels, channels));
            }
        }
    }

    /// <summary>
    /// Draws each row's translation into <paramref name="offsets"/> (<c>rows × 2</c>: <c>[r·2]</c> = dy, <c>[r·2 + 1]</c>
    /// = dx, in pixels; positive moves the image down / right): <c>dy = uniform(−|heightFactor|, |heightFactor|)·height</c>
    /// and <c>dx</c> likewise with the width, as Keras 3 draws them (all rows' dy first, then all dx). A factor must lie
    /// in [−1, 1], as Keras requires.
    /// </summary>
    public static void SampleTranslations(Span<float> offsets, int rows, float heightFactor, float widthFactor, int height, int width, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(random);
        CheckFactor(heightFactor, nameof(heightFactor));
        CheckFactor(widthFactor, nameof(widthFactor));
        Require(offsets.Length, 2L * rows, nameof(offsets));
        float heightBound = MathF.Abs(heightFactor), widthBound = MathF.Abs(widthFactor);
        // uniform(lower, upper) = lower + (upper − lower)·u, then scaled by the image's size, as Keras.
        for (int r = 0; r < rows; r++) offsets[2 * r] = (-heightBound + 2 * heightBound * random.NextFloat()) * height;
        for (int r = 0; r < rows; r++) offsets[2 * r + 1] = (-widthBound + 2 * widthBound * random.NextFloat()) * width;
    }

    /// <summary>
    /// Overwrites <paramref name="output"/> with each row's image translated by its <paramref name="offsets"/> (dy, dx):
    /// <c>output[y, x] = input(y − dy, x − dx)</c>, sampled with <paramref name="interpolation"/> from the image extended
    /// by <paramref name="fillMode"/> (<paramref name="fillValue"/> outside it for <see cref="FillMode.Constant"/>).
    /// Integer offsets are exact shifts. <paramref name="x"/> and <paramref name="output"/> must not overlap.
    /// </summary>
    public static void TranslateForward(ReadOnlySpan<float> x, ReadOnlySpan<float> offsets, Span<float> output, int rows, int height, int width,
        int channels, FillMode fillMode, Interpolation interpolation, float fillValue)
    {
        int size = CheckImages(x.Length, nameof(x), output.Length, nameof(output), rows, height, width, channels);
        CheckTranslation(offsets, rows, fillMode, interpolation);
        if (x.Overlaps(output)) throw new ArgumentException("Translate reads x while it writes output: they must not overlap.", nameof(output));
        int run = width * channels;
        for (int r = 0; r < rows; r++)
        {
            var vertical = TranslationAxis.Create(offsets[2 * r], interpolation);
            var horizontal = TranslationAxis.Create(offsets[2 * r + 1], interpolation);
            ReadOnlySpan<float> image = x.Slice(r * size, size);
            for (int y = 0; y < height; y++)
            {
                Span<float> target = output.Slice(r * size + y * run, run);
                target.Clear();
                for (int i = 0; i < vertical.Count; i++)
                {
                    int sourceRow = TranslationAxis.Extend(y + vertical.Shift(i), height, fillMode);
                    if (sourceRow < 0)
                    {
                        AddConstant(vertical.Weight(i) * fillValue, target);
                        continue;
                    }
                    ReadOnlySpan<float> source = image.Slice(sourceRow * run, run);
                    for (int j = 0; j < horizontal.Count; j++)
                        AddShiftedRow(source, target, horizontal.Shift(j), vertical.Weight(i) * horizontal.Weight(j), width, channels, fillMode, fillValue);
                }
            }
        }
    }

    /// <summary>
    /// The exact transpose of <see cref="TranslateForward"/> (the fill value is a constant and gets no gradient):
    /// overwrites <paramref name="inputGradient"/> with every output gradient scattered back, with the same weights, to
    /// the pixels its output read. <paramref name="outputGradient"/> and <paramref name="inputGradient"/> must not overlap.
    /// </summary>
    public static void TranslateBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> offsets, Span<float> inputGradient, int rows,
        int height, int width, int channels, FillMode fillMode, Interpolation interpolation)
    {
        int size = CheckImages(inputGradient.Length, nameof(inputGradient), outputGradient.Length, nameof(outputGradient), rows, height, width, channels);
        CheckTranslation(offsets, rows, fillMode, interpolation);
        if (outputGradient.Overlaps(inputGradient))
            throw new ArgumentException("Translate backward reads the output gradient while it writes the input gradient: they must not overlap.", nameof(inputGradient));
        int run = width * channels;
        inputGradient[..(rows * size)].Clear();
        for (int r = 0; r < rows; r++)
        {
            var vertical = TranslationAxis.Create(offsets[2 * r], interpolation);
            var horizontal = TranslationAxis.Create(offsets[2 * r + 1], interpolation);
            Span<float> image = inputGradient.Slice(r * size, size);
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<float> gradient = outputGradient.Slice(r * size + y * run, run);
                for (int i = 0; i < vertical.Count; i++)
                {
                    int sourceRow = TranslationAxis.Extend(y + vertical.Shift(i), height, fillMode);
                    if (sourceRow < 0) continue;
                    Span<float> source = image.Slice(sourceRow * run, run);
                    for (int j = 0; j < horizontal.Count; j++)
                        ScatterShiftedRow(gradient, source, horizontal.Shift(j), vertical.Weight(i) * horizontal.Weight(j), width, channels, fillMode);
                }
            }
        }
    }

    /// <summary><c>target[x] += weight·source[Extend(x + shift)]</c> over one image row: the columns whose source lies
    /// inside the row as one contiguous run, the rest (at most |shift| on one side) pixel by pixel.</summary>
    private static void AddShiftedRow(ReadOnlySpan<float> source, Span<float> target, int shift, float weight, int width, int channels,
        FillMode fillMode, float fillValue)
    {
        (int inside, int end) = InsideColumns(shift, width);
        if (inside < end)
            VectorOps.Axpy(weight, source.Slice((inside + shift) * channels, (end - inside) * channels), target.Slice(inside * channels, (end - inside) * channels));
        AddEdge(source, target, shift, weight, 0, inside, width, channels, fillMode, fillValue);
        AddEdge(source, target, shift, weight, end, width, width, channels, fillMode, fillValue);
    }

    /// <summary><see cref="AddShiftedRow"/> for the columns [from, to), whose sources lie outside the row, one pixel at a time.</summary>
    private static void AddEdge(ReadOnlySpan<float> source, Span<float> target, int shift, float weight, int from, int to, int width, int channels,
        FillMode fillMode, float fillValue)
    {
        for (int column = from; column < to; column++)
        {
            Span<float> pixel = target.Slice(column * channels, channels);
            int sourceColumn = TranslationAxis.Extend(column + shift, width, fillMode);
            if (sourceColumn < 0) AddConstant(weight * fillValue, pixel);
            else VectorOps.Axpy(weight, source.Slice(sourceColumn * channels, channels), pixel);
        }
    }

    /// <summary>The transpose of <see cref="AddShiftedRow"/>: <c>source[Extend(x + shift)] += weight·gradient[x]</c>.</summary>
    private static void ScatterShiftedRow(ReadOnlySpan<float> gradient, Span<float> source, int shift, float weight, int width, int channels, FillMode fillMode)
    {
        (int inside, int end) = InsideColumns(shift, width);
        if (inside < end)
            VectorOps.Axpy(weight, gradient.Slice(inside * channels, (end - inside) * channels), source.Slice((inside + shift) * channels, (end - inside) * channels));
        ScatterEdge(gradient, source, shift, weight, 0, inside, width, channels, fillMode);
        ScatterEdge(gradient, source, shift, weight, end, width, width, channels, fillMode);
    }

    /// <summary><see cref="ScatterShiftedRow"/> for the columns [from, to), one pixel at a time.</summary>
    private static void ScatterEdge(ReadOnlySpan<float> gradient, Span<float> source, int shift, float weight, int from, int to, int width,
        int channels, FillMode fillMode)
    {
        for (int column = from; column < to; column++)
        {
            int sourceColumn = TranslationAxis.Extend(column + shift, width, fillMode);
            if (sourceColumn >= 0) VectorOps.Axpy(weight, gradient.Slice(column * channels, channels), source.Slice(sourceColumn * channels, channels));
        }
    }

    /// <summary>The output columns [inside, end) whose source column <c>x + shift</c> lies inside the row (empty when
    /// none does).</summary>
    private static (int Inside, int End) InsideColumns(int shift, int width)
    {
        int inside = Math.Clamp(-shift, 0, width);
        int end = Math.Clamp(width - shift, inside, width);
        return (inside, end);
    }

    private static void AddConstant(float value, Span<float> target)
    {
        if (value == 0f) return;
        foreach (ref float t in target) t += value;
    }

    private static int CheckImages(int inputLength, string inputName, int outputLength, string outputName, int rows, int height, int width, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        long size = (long)height * width * channels, values = rows * size;
        if (values > int.MaxValue)
            throw new ArgumentException($"{rows} images of {height}×{width}×{channels} is more values than a span holds.");
        if (inputLength < values || outputLength < values)
            throw new ArgumentException(
                $"Augmentation buffers too small for {rows} images of {height}×{width}×{channels}: need {values} floats in " +
                $"{inputName} and {outputName} but got {inputLength} and {outputLength}.");
        return (int)size;
    }

    private static void CheckTranslation(ReadOnlySpan<float> offsets, int rows, FillMode fillMode, Interpolation interpolation)
    {
        Require(offsets.Length, 2L * rows, nameof(offsets));
        if ((uint)fillMode > (uint)FillMode.Nearest) throw new ArgumentOutOfRangeException(nameof(fillMode), fillMode, "Not a fill mode.");
        if ((uint)interpolation > (uint)Interpolation.Nearest)
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "Not an interpolation.");
    }

    private static void CheckFactor(float factor, string name)
    {
        if (!(MathF.Abs(factor) <= 1f))
            throw new ArgumentOutOfRangeException(name, factor, "A translation factor is a fraction of the image size in [−1, 1], as Keras's.");
    }

    private static void Require(int length, long needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values but {needed} are needed.", name);
    }
}
