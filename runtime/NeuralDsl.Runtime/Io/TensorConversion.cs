namespace NeuralDsl;

/// <summary>How a file's tensor is rearranged into a model tensor's layout (PyTorch's and ONNX's layouts into NeuralDsl's, and
/// back for export).</summary>
internal enum TensorConversion
{
    /// <summary>The same layout: values copied as they are.</summary>
    None,

    /// <summary>A convolution kernel from PyTorch's [filters, input channels, height, width] to [height, width, input
    /// channels, filters].</summary>
    OihwToHwio,

    /// <summary>A dense kernel from PyTorch's linear [units, inputs] to [inputs, units].</summary>
    OutInToInOut,
}

/// <summary>The conversions themselves, and the file shape each expects for a model shape.</summary>
internal static class TensorConversions
{
    /// <summary>The shape a file holds a tensor of model shape <paramref name="modelShape"/> in.</summary>
    public static int[] FileShape(this TensorConversion conversion, int[] modelShape) => conversion switch
    {
        TensorConversion.OihwToHwio => [modelShape[3], modelShape[2], modelShape[0], modelShape[1]],
        TensorConversion.OutInToInOut => [modelShape[1], modelShape[0]],
        _ => modelShape,
    };

    /// <summary>Writes <paramref name="file"/>, laid out as the file holds a tensor of model shape <paramref name="modelShape"/>,
    /// into <paramref name="model"/> in the model's layout.</summary>
    public static void Apply(this TensorConversion conversion, ReadOnlySpan<float> file, int[] modelShape, Span<float> model)
    {
        switch (conversion)
        {
            case TensorConversion.OihwToHwio:
                OihwToHwio(file, modelShape[0], modelShape[1], modelShape[2], modelShape[3], model);
                break;
            case TensorConversion.OutInToInOut:
                OutInToInOut(file, modelShape[0], modelShape[1], model);
                break;
            default:
                file.CopyTo(model);
                break;
        }
    }

    /// <summary>The inverse of <see cref="Apply"/>: <paramref name="model"/>, of shape <paramref name="modelShape"/> in the model's
    /// layout, into <paramref name="file"/> as the file (PyTorch, ONNX) lays it out.</summary>
    public static void Invert(this TensorConversion conversion, ReadOnlySpan<float> model, int[] modelShape, Span<float> file)
    {
        switch (conversion)
        {
            case TensorConversion.OihwToHwio:
                HwioToOihw(model, modelShape[0], modelShape[1], modelShape[2], modelShape[3], file);
                break;
            case TensorConversion.OutInToInOut:
                OutInToInOut(model, modelShape[1], modelShape[0], file);
                break;
            default:
                model.CopyTo(file);
                break;
        }
    }

    /// <summary>file[o, i, y, x] → model[y, x, i, o].</summary>
    private static void OihwToHwio(ReadOnlySpan<float> file, int height, int width, int inputs, int filters, Span<float> model)
    {
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < inputs; i++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        model[((y * width + x) * inputs + i) * filters + o] = file[((o * inputs + i) * height + y) * width + x];
    }

    /// <summary>model[y, x, i, o] → file[o, i, y, x].</summary>
    private static void HwioToOihw(ReadOnlySpan<float> model, int height, int width, int inputs, int filters, Span<float> file)
    {
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < inputs; i++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        file[((o * inputs + i) * height + y) * width + x] = model[((y * width + x) * inputs + i) * filters + o];
    }

    /// <summary>file[u, i] → model[i, u] (and, with the two counts swapped, back).</summary>
    private static void OutInToInOut(ReadOnlySpan<float> file, int inputs, int units, Span<float> model)
    {
        for (int u = 0; u < units; u++)
            for (int i = 0; i < inputs; i++)
                model[i * units + u] = file[u * inputs + i];
    }
}
