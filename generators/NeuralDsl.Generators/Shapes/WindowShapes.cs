using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>The shape checks the layers over images share: a rank-3 input, a window that fits, an output that holds values.</summary>
internal static class WindowShapes
{
    /// <summary>NDSL021 unless <paramref name="inputs"/>' first shape is an image; returns whether it is.</summary>
    public static bool NeedsImage(LayerSpec layer, LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        if (inputs.First.Rank == 3) return true;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNeedsImage, layer.Location, layer.Display, inputs.First.ToString(), inputs.FirstKind));
        return false;
    }

    /// <summary>The window of a convolution or pooling layer over its input, or null (with a diagnostic unless its options
    /// were already reported) when it cannot slide there.</summary>
    public static Window? Slide(LayerSpec layer, LayerInputs inputs, int height, int width, int stride, Padding padding,
        bool optionsValid, List<DiagnosticInfo> diagnostics)
    {
        if (!NeedsImage(layer, inputs, diagnostics)) return null;
        if (!optionsValid) return null; // NDSL014 / NDSL020 already name the option
        var window = Window.Create(inputs.First, height, width, stride, padding == Padding.Same);
        if (window is null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowLargerThanInput, layer.Location, layer.Display,
                Literals.Int(height) + "\u00D7" + Literals.Int(width), inputs.First.ToString(), inputs.FirstKind));
        return window;
    }

    /// <summary><paramref name="dims"/> as a shape, or null (NDSL022) when it has no values or more than an int counts.</summary>
    public static Shape? Output(LayerSpec layer, LayerInputs inputs, List<DiagnosticInfo> diagnostics, params int[] dims)
    {
        var output = new Shape(new EquatableArray<int>(dims));
        double size = 1; // exact far beyond int.MaxValue, and never overflows
        foreach (int dim in dims) size *= dim;
        if (size >= 1 && size <= int.MaxValue) return output;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOutputSize, layer.Location, layer.Display, inputs.First.ToString(), inputs.FirstKind,
            output.ToString(), size < 1
                ? "a layer's output must hold at least one value"
                : "one row would hold " + size.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " values, more than " + Literals.Int(int.MaxValue)));
        return null;
    }
}
