namespace NeuralDsl;

/// <summary>Turns the targets a user passes into the rows × OutputSize floats the generated passes read.</summary>
internal static class Targets
{
    public static ReadOnlySpan<float> FromFloats(ModelInfo info, ReadOnlySpan<float> y, int rows, string name)
    {
        int width = info.OutputSize;
        if (y.Length == rows * width) return y;
        if (y.Length == rows && info.Loss == Loss.SparseCategoricalCrossentropy)
        {
            var labels = new int[rows];
            for (int r = 0; r < rows; r++)
            {
                float label = y[r];
                if (label != MathF.Floor(label) || label < 0 || label >= width)
                    throw new ArgumentException($"{name}[{r}] = {label} is not a class index in [0, {width}) for sparse categorical cross-entropy.", name);
                labels[r] = (int)label;
            }
            return FromLabels(info, labels, rows, name);
        }
        string hint = y.Length == rows && width > 1
            ? " It holds one value per row: pass integer labels (the ReadOnlySpan<int> overload) or use Loss.SparseCategoricalCrossentropy."
            : "";
        throw new ArgumentException(
            $"{info.Name} has {width} output(s), so {name} must hold {rows} rows × {width} = {rows * width} values for the {rows} input rows, but it holds {y.Length}.{hint}", name);
    }

    public static float[] FromLabels(ModelInfo info, ReadOnlySpan<int> labels, int rows, string name)
    {
        if (labels.Length != rows)
            throw new ArgumentException($"{name} holds {labels.Length} labels but the inputs hold {rows} rows.", name);
        int width = info.OutputSize;
        int classes = width == 1 ? 2 : width;
        var targets = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r];
            if ((uint)label >= (uint)classes)
                throw new ArgumentException($"{name}[{r}] = {label} is outside the {classes} classes [0, {classes}) of {info.Name}'s {width} output(s).", name);
            if (width == 1) targets[r] = label;
            else targets[r * width + label] = 1f;
        }
        return targets;
    }
}
