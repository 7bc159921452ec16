using System.Text;

namespace NeuralDsl.Generators.Emit;

/// <summary>Builds indented C# text with '\n' line ends, so the output is the same on every platform.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new StringBuilder();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c>, then indents until <see cref="Close"/>.</summary>
    public CodeWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
