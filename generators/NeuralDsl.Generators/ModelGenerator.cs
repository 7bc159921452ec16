using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Reading;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators;

/// <summary>
/// NeuralDsl's incremental generator: read → infer shapes → plan → emit. Every step is a pure function
/// over equatable records, so an edit that does not touch a model's attributes leaves its steps cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ContractNames.ModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax || node is RecordDeclarationSyntax,
                static (attributeContext, cancellationToken) => ModelReader.Read(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.ReadModel);

        var shaped = specs
            .Select(static (spec, _) => ShapeInference.Infer(spec))
            .WithTrackingName(TrackingNames.InferShapes);

        var generated = shaped
            .Select(static (model, _) => ModelPipeline.Generate(model))
            .WithTrackingName(TrackingNames.Generate);

        context.RegisterSourceOutput(generated, static (output, model) =>
        {
            foreach (var diagnostic in model.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (model.Source is not null) output.AddSource(model.HintName, model.Source);
        });

        foreach (string layerAttribute in LayerKinds.AttributeNames)
        {
            var stray = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    layerAttribute,
                    static (node, _) => node is ClassDeclarationSyntax || node is RecordDeclarationSyntax,
                    static (attributeContext, cancellationToken) => StrayLayerReader.Read(attributeContext, cancellationToken))
                .WithTrackingName(TrackingNames.StrayLayers);
            context.RegisterSourceOutput(stray, static (output, diagnostics) =>
            {
                foreach (var diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            });
        }
    }
}
