using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// Turns a <see cref="RepeatSpec"/> into its instances' layers, in order. Instance k of prefix P (k counted per prefix across
/// the model, from the <see cref="RepeatSpec.FirstIndex"/> of the Repeat that starts the prefix: 1, or PyTorch's 0) names its layers <c>P{k}_{name inside the block}</c>; what the block's layers read is renamed
/// the same way, and <c>BlockAttribute.Input</c> becomes the instance's input (an alias of its first layer's input). Each
/// layer is scaled by the Repeat's Filters and takes its Strides where the block asks for them.
/// </summary>
internal sealed class BlockExpansion
{
    private readonly Dictionary<string, int> _instances = new Dictionary<string, int>(System.StringComparer.Ordinal);
    private int _repeats;

    /// <param name="taken">Whether an instance prefix is already used by the layers before (a reused model's instances):
    /// numbering goes on after it, as a Repeat with the same name would.</param>
    public IEnumerable<LayerSpec> Expand(RepeatSpec repeat, System.Func<string, bool>? taken = null)
    {
        int repeatIndex = _repeats++;
        var inner = LayerNames.Assign(repeat.Layers);
        for (int n = 1; n <= repeat.Times; n++)
        {
            int number = _instances.TryGetValue(repeat.Prefix, out int previous) ? previous + 1 : repeat.FirstIndex;
            while (taken?.Invoke(repeat.Prefix + Literals.Int(number)) == true) number++;
            _instances[repeat.Prefix] = number;
            string prefix = repeat.Prefix + Literals.Int(number);
            string alias = prefix + "_" + BlockInstance.InputName;
            var names = inner.ToDictionary(name => name, name => prefix + "_" + name, System.StringComparer.Ordinal);
            string Rename(string name) => name == BlockInstance.InputName ? alias : names.TryGetValue(name, out var renamed) ? renamed : name;

            for (int i = 0; i < repeat.Layers.Count; i++)
            {
                var layer = repeat.Layers[i].ForInstance(repeat.Filters, repeat.Strides);
                string? from = layer.From is null || (i == 0 && layer.From == BlockInstance.InputName) ? null : Rename(layer.From);
                if (i == 0 && n == 1) from ??= repeat.From; // the first instance reads what the Repeat says
                yield return layer.WithMerged(layer.Merged.Select(Rename).ToEquatableArray()) with
                {
                    Name = names[inner[i]],
                    From = from,
                    InputAlias = i == 0 ? alias : null,
                    Instance = new BlockInstance(repeatIndex, n, IsFirst: i == 0, IsLast: i == repeat.Layers.Count - 1, repeat.Display, repeat.Location,
                        RepeatFrom: i == 0 && n == 1 ? repeat.From : null),
                };
            }
        }
    }
}
