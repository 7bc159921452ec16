using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Planning;

/// <summary>Keras's layer names: a name written with <c>Name = "..."</c> as written, the others numbered per type within a
/// model (dense, dense_1, dropout…), skipping the names written explicitly so that no two layers share one.</summary>
internal sealed class LayerNames
{
    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
    private readonly HashSet<string> _taken;

    private LayerNames(IEnumerable<string> taken) => _taken = new HashSet<string>(taken, System.StringComparer.Ordinal);

    /// <summary>The names of <paramref name="layers"/> (the layers after the input), in order.</summary>
    public static string[] Assign(IEnumerable<LayerSpec> layers)
    {
        var list = layers.ToList();
        var names = new LayerNames(list.Where(layer => layer.Name is not null).Select(layer => layer.Name!));
        return list.Select(layer => layer.Name ?? names.Next(layer.Kind)).ToArray();
    }

    /// <summary>The next free Keras name for a layer of <paramref name="kind"/> (e.g. Dense → dense, dense_1; Conv2D → conv2d).</summary>
    private string Next(string kind)
    {
        // Keras spells the 2-D layers conv2d, max_pooling2d, average_pooling2d (no underscore before the D).
        string baseName = kind.EndsWith("2D", System.StringComparison.Ordinal)
            ? Casing.SnakeCase(kind.Substring(0, kind.Length - 2)) + "2d"
            : Casing.SnakeCase(kind);
        while (true)
        {
            _counts.TryGetValue(baseName, out int count);
            _counts[baseName] = count + 1;
            string name = count == 0 ? baseName : baseName + "_" + Literals.Int(count);
            if (!_taken.Contains(name)) return name;
        }
    }
}
