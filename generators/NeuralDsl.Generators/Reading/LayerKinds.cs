using System;
using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// The table of layer kinds: each layer attribute's metadata name with the reader of its kind's record, registered once
/// here. What a kind does at every later step lives in its own files (its <see cref="LayerSpec"/> record, its op, its
/// CPU and OpenCL emitters), so a new layer is a line here plus files of its own.
/// </summary>
internal static class LayerKinds
{
    private static readonly Dictionary<string, Func<AttributeArguments, LayerSpec?>> s_readers =
        new Dictionary<string, Func<AttributeArguments, LayerSpec?>>(StringComparer.Ordinal)
        {
            [InputSpec.AttributeName] = InputSpec.Read,
            [DenseSpec.AttributeName] = DenseSpec.Read,
            [DropoutSpec.AttributeName] = DropoutSpec.Read,
            [ActivationSpec.AttributeName] = ActivationSpec.Read,
            [Conv2DSpec.AttributeName] = Conv2DSpec.Read,
            [Pooling2DSpec.MaxAttributeName] = Pooling2DSpec.ReadMax,
            [Pooling2DSpec.AverageAttributeName] = Pooling2DSpec.ReadAverage,
            [FlattenSpec.AttributeName] = FlattenSpec.Read,
            [AddSpec.AttributeName] = AddSpec.Read,
            [ConcatenateSpec.AttributeName] = ConcatenateSpec.Read,
            [BatchNormalizationSpec.AttributeName] = BatchNormalizationSpec.Read,
            [GlobalPooling2DSpec.AverageAttributeName] = GlobalPooling2DSpec.ReadAverage,
            [GlobalPooling2DSpec.MaxAttributeName] = GlobalPooling2DSpec.ReadMax,
            [ZeroPadding2DSpec.AttributeName] = ZeroPadding2DSpec.Read,
            [RandomFlipSpec.AttributeName] = RandomFlipSpec.Read,
            [RandomTranslationSpec.AttributeName] = RandomTranslationSpec.Read,
        };

    /// <summary>The attributes that bring layers from another class ([Reuse], [Repeat]): read with symbols, by their own readers.</summary>
    private static readonly string[] s_bringers = { ContractNames.ReuseAttribute, RepeatSpec.AttributeName };

    /// <summary>Every layer attribute's metadata name, [Reuse] and [Repeat] included (each one the generator watches).</summary>
    public static IEnumerable<string> AttributeNames => s_readers.Keys.Concat(s_bringers);

    /// <summary>Whether <paramref name="metadataName"/> names a layer attribute, [Reuse] or [Repeat].</summary>
    public static bool IsLayer(string? metadataName) =>
        metadataName is not null && (s_readers.ContainsKey(metadataName) || System.Array.IndexOf(s_bringers, metadataName) >= 0);

    /// <summary>The layer the attribute declares, or null when its arguments fit none of the kind's constructors.</summary>
    public static LayerSpec? Read(string? metadataName, AttributeArguments arguments) =>
        metadataName is not null && s_readers.TryGetValue(metadataName, out var read) ? read(arguments) : null;
}
