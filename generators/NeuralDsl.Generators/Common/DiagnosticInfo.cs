using System.Linq;
using Microsoft.CodeAnalysis;

namespace NeuralDsl.Generators.Common;

/// <summary>A diagnostic to report, held as equatable values (descriptor, place, message arguments).</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new DiagnosticInfo(descriptor, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}
