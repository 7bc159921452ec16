using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>The index arithmetic of convolution and pooling kernels over a window, with every size a literal.</summary>
internal static class OpenClWindow
{
    /// <summary>Splits flat index <paramref name="e"/> of a rows × (h × w × c) tensor into r, (y, x), c (and <c>rest</c>,
    /// the index within the row).</summary>
    public static void Position(CodeWriter source, Window w, string e, int size, string y, string x, int width) =>
        source.Line($"const int r = {e} / {size}, rest = {e} % {size}, c = rest % {w.InputChannels}, cell = rest / {w.InputChannels}, {y} = cell / {width}, {x} = cell % {width};");

    /// <summary>Inside a loop over window offset <paramref name="k"/>: the output cell whose window puts offset k on input
    /// coordinate <paramref name="input"/>, or <c>continue</c> when there is none.</summary>
    public static void CoveringCell(CodeWriter source, string output, string input, string k, int pad, int stride, int outputs)
    {
        string t = "t" + output;
        source.Line($"const int {t} = {input}{Offset(pad)} - {k};");
        if (stride == 1) source.Line($"if ({t} < 0 || {t} >= {outputs}) continue;");
        else source.Line($"if ({t} < 0 || {t} % {stride} != 0 || {t} / {stride} >= {outputs}) continue;");
        source.Line($"const int {output} = {t}{(stride == 1 ? "" : " / " + Literals.Int(stride))};");
    }

    /// <summary><c> + 2</c>, <c> - 1</c> or nothing.</summary>
    public static string Offset(int value) => value == 0 ? "" : value > 0 ? " + " + Literals.Int(value) : " - " + Literals.Int(-value);
}
