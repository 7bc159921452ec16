using System.Collections.Generic;
using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Planning;

/// <summary>Keras's layer names: numbered per type within a model (dense, dense_1, dropout…).</summary>
internal sealed class LayerNames
{
    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();

    /// <summary>The next Keras name for a layer of <paramref name="kind"/> (e.g. Dense → dense, dense_1; Conv2D → conv2d).</summary>
    public string Next(string kind)
    {
        // Keras spells the 2-D layers conv2d, max_pooling2d, average_pooling2d (no underscore before the D).
        string baseName = kind.EndsWith("2D", System.StringComparison.Ordinal)
            ? Casing.SnakeCase(kind.Substring(0, kind.Length - 2)) + "2d"
            : Casing.SnakeCase(kind);
        _counts.TryGetValue(baseName, out int count);
        _counts[baseName] = count + 1;
        return count == 0 ? baseName : baseName + "_" + Literals.Int(count);
    }
}
