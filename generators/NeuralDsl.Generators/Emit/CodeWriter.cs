using System;
using System.Text;

namespace NeuralDsl.Generators.Emit;

/// <summary>
/// Builds indented C# or OpenCL C text with '\n' line ends, so the output is the same on every platform. Blocks are
/// balanced by construction: <c>using (w.Block("void F()")) { ... }</c> writes the braces and the indentation.
/// </summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new StringBuilder();
    private int _indent;

    public CodeWriter Line() => Append("");

    public CodeWriter Line(Code line) => Append(line.ToString());

    /// <summary>Writes <paramref name="header"/> and <c>{</c>; disposing the result writes <c>}</c> (then <paramref name="suffix"/>).</summary>
    public OpenBlock Block(Code header, string suffix = "")
    {
        Append(header.ToString());
        Append("{");
        _indent++;
        return new OpenBlock(this, suffix);
    }

    public override string ToString() => _text.ToString();

    private CodeWriter Append(string line)
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    private void Close(string suffix)
    {
        _indent--;
        Append("}" + suffix);
    }

    /// <summary>An open block; <see cref="Dispose"/> closes it.</summary>
    public readonly struct OpenBlock : IDisposable
    {
        private readonly CodeWriter _writer;
        private readonly string _suffix;

        public OpenBlock(CodeWriter writer, string suffix)
        {
            _writer = writer;
            _suffix = suffix;
        }

        public void Dispose() => _writer.Close(_suffix);
    }
}
