using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NeuralDsl.Generators.Tests.Infrastructure;

/// <summary>Pieces of one generated file, so a test can assert one generated method or one OpenCL kernel exactly while
/// the whole-file snapshots stay a broad net.</summary>
public static class GeneratedCode
{
    /// <summary>The C# member <paramref name="name"/> (a method, or the field it declares), with its doc comment and
    /// without the indentation of its class; <c>GeneratedCpuPasses.Forward</c> names the member of a nested class.</summary>
    public static string Member(string code, string name)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetRoot();
        string? type = name.Contains('.') ? name[..name.LastIndexOf('.')] : null;
        name = name[(name.LastIndexOf('.') + 1)..];
        var member = root.DescendantNodes().OfType<MemberDeclarationSyntax>().SingleOrDefault(node => (node switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText == name,
            FieldDeclarationSyntax field => field.Declaration.Variables.Any(v => v.Identifier.ValueText == name),
            _ => false,
        }) && (type is null || (node.Parent as TypeDeclarationSyntax)?.Identifier.ValueText == type));
        Assert.True(member is not null, $"The generated code has no member '{name}'.");
        return Dedent(member!.ToFullString());
    }

    /// <summary>The OpenCL kernel or helper <paramref name="name"/> of the generated <c>OpenClSource</c>, with the comment
    /// lines above it (and a product kernel's operand helpers, <c>name_left</c> and <c>name_right</c>).</summary>
    public static string Kernel(string code, string name)
    {
        string[] lines = OpenClSource(code).Split('\n');
        int start = Array.FindIndex(lines, line => line.Contains(" " + name + "(", StringComparison.Ordinal) && !line.StartsWith("//", StringComparison.Ordinal)
            && !line.TrimStart().StartsWith("if", StringComparison.Ordinal) && (line.StartsWith("void", StringComparison.Ordinal) || line.StartsWith("__kernel", StringComparison.Ordinal) || line.StartsWith("inline", StringComparison.Ordinal)));
        Assert.True(start >= 0, $"The OpenCL program has no kernel or helper '{name}'.");
        int end = start;
        if (!lines[start].TrimEnd().EndsWith('}'))
            while (lines[end] != "}") end++;
        int first = start;
        while (first > 0 && (lines[first - 1].StartsWith("//", StringComparison.Ordinal) || lines[first - 1].StartsWith("__kernel", StringComparison.Ordinal)
            || lines[first - 1].StartsWith("inline float " + name + "_", StringComparison.Ordinal))) first--;
        return string.Join("\n", lines[first..(end + 1)]) + "\n";
    }

    /// <summary>The value of the generated <c>OpenClSource</c> constant.</summary>
    public static string OpenClSource(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetRoot();
        var field = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "OpenClSource");
        return ((LiteralExpressionSyntax)field.Initializer!.Value).Token.ValueText;
    }

    private static string Dedent(string text)
    {
        var lines = text.Replace("\r\n", "\n").Trim('\n').Split('\n');
        int indent = lines.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        return string.Join("\n", lines.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart())) + "\n";
    }
}
