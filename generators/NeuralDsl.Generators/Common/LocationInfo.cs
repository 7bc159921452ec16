using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NeuralDsl.Generators.Common;

/// <summary>An equatable stand-in for a <see cref="Location"/> in source, kept in the pipeline instead
/// of syntax so that nothing holds on to a compilation.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo From(SyntaxNode node)
    {
        var location = node.GetLocation();
        return new LocationInfo(node.SyntaxTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
