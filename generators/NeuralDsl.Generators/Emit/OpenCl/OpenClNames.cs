using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>How the OpenCL program spells the plan's names.</summary>
internal static class OpenClNames
{
    /// <summary><c>dense_1/kernel</c> → <c>DENSE_1_KERNEL</c>, its offset in p and g.</summary>
    public static string Tensor(TensorPlan tensor) => tensor.Name.Replace('/', '_').ToUpperInvariant();

    /// <summary>A buffer's rows in the workspace: <c>SLOT(DENSE_OUTPUT)</c>; null is the model input.</summary>
    public static string Slot(BufferPlan? buffer) => "SLOT(" + OpenClLayout.SlotOf(buffer) + ")";

    /// <summary>A C# expression of a count in <c>rows</c>: <c>rows</c> or <c>rows * 676</c>.</summary>
    public static string RowsTimes(int n) => n == 1 ? "rows" : "rows * " + Common.Literals.Int(n);

    /// <summary>Keeps the source ASCII (some drivers reject other bytes even in comments): shapes and formulas in the
    /// comments are spelled with x, ->, * and ^T.</summary>
    public static string Ascii(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '\u00D7': result.Append('x'); break;
                case '\u2192': result.Append("->"); break;
                case '\u00B7': result.Append('*'); break;
                case '\u1D40': result.Append("^T"); break;
                case '\u2212': result.Append('-'); break;
                default: result.Append(ch < 128 ? ch : '?'); break;
            }
        }
        return result.ToString();
    }
}
