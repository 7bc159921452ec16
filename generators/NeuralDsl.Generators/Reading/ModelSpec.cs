using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// A <c>[Model]</c> class as read from source: names, the model options and its layer attributes in source
/// order (every <c>[Input]</c> included, wherever it stands). Plain equatable values, no symbols or syntax.
/// <see cref="CanDeclareMembers"/> tells whether a generated partial declaration deriving from SequentialModel
/// would compile (it would not for a class that is not partial, is static or a record, or has another base).
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    EquatableArray<string> TypeParameters,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    bool CanDeclareMembers,
    LocationInfo Location,
    Loss Loss,
    Metric Metrics,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool HasMalformedAttributes)
{
    /// <summary>The name of the generated file: <c>Demo.Outer.Small.g.cs</c>, with type parameters in braces
    /// (<c>Demo.Outer{T}.Generic{U}.g.cs</c>), the characters a hint name may hold, so that <c>Foo</c> and
    /// <c>Foo&lt;T&gt;</c> get different files.</summary>
    public string HintName
    {
        get
        {
            var name = Namespace is null ? "" : Namespace + ".";
            foreach (var type in ContainingTypes) name += type.Name + ".";
            return (name + DeclaredName).Replace('<', '{').Replace('>', '}').Replace(", ", ",") + ".g.cs";
        }
    }

    /// <summary>The class as a declaration names it: <c>Small</c>, <c>Generic&lt;T&gt;</c>.</summary>
    public string DeclaredName => TypeParameters.IsEmpty ? ClassName : ClassName + "<" + string.Join(", ", TypeParameters) + ">";

    /// <summary>The class as C# names it, e.g. <c>Demo.Outer.Small</c>.</summary>
    public string FullName
    {
        get
        {
            var name = Namespace is null ? "" : Namespace + ".";
            foreach (var type in ContainingTypes) name += type.Name + ".";
            return name + ClassName;
        }
    }
}
