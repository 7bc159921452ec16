using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NeuralDsl.Generators.Tests.Infrastructure;

/// <summary>Compiles C# source with <see cref="ModelGenerator"/> against the real NeuralDsl assemblies, as a
/// user project would.</summary>
public static class GeneratorHarness
{
    // Documentation comments are checked, as in a project with GenerateDocumentationFile: generated public members need them.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>A compilation of <paramref name="sources"/> (the first is <c>Model.cs</c>, then <c>File1.cs</c>…).</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserModels",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: i == 0 ? "Model.cs" : $"File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator over <paramref name="sources"/> and compiles the result.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), Compile(sources));

    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        var generated = result.Results.SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return new GeneratorRun(generatorDiagnostics, generated, output.GetDiagnostics(), driver, compilation);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) paths.Add(path);
        paths.Add(typeof(ModelAttribute).Assembly.Location);
        paths.Add(typeof(SequentialModel).Assembly.Location);
        // One reference per assembly name (the TPA list can name the same file twice through different paths).
        return [.. paths
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => (MetadataReference)MetadataReference.CreateFromFile(group.First()))];
    }
}
