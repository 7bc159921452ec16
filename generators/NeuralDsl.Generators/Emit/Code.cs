using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace NeuralDsl.Generators.Emit;

/// <summary>
/// An interpolated string of generated code: <c>w.Line($"const int Units = {op.Units};")</c> builds one. Every value is
/// formatted with the invariant culture, whatever culture the compiler runs under, and a floating-point value is refused:
/// it must be spelled by <see cref="Common.Literals"/> (C# or OpenCL C float literals that round-trip).
/// </summary>
[InterpolatedStringHandler]
internal readonly struct Code
{
    private readonly StringBuilder _text;

    public Code(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 8);

    public void AppendLiteral(string value) => _text.Append(value);

    public void AppendFormatted(string? value) => _text.Append(value);

    public void AppendFormatted<T>(T value)
    {
        if (value is float || value is double)
            throw new InvalidOperationException("A floating-point value in generated code must be written with Literals, which round-trips it.");
        _text.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
    }

    public override string ToString() => _text.ToString();
}
