using System.Collections.Generic;
using System.Text;

namespace NeuralDsl.Generators.Planning;

/// <summary>Keras's names: layers numbered per type within a model (dense, dense_1, dropout…), models in
/// snake_case; and the PascalCase stems of the C# members named after them.</summary>
internal sealed class Naming
{
    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();

    /// <summary>The next Keras name for a layer of <paramref name="type"/> (e.g. Dense → dense, dense_1; Conv2D → conv2d).</summary>
    public string Next(string type)
    {
        // Keras spells the 2-D layers conv2d, max_pooling2d, average_pooling2d (no underscore before the D).
        string baseName = type.EndsWith("2D", System.StringComparison.Ordinal)
            ? SnakeCase(type.Substring(0, type.Length - 2)) + "2d"
            : SnakeCase(type);
        _counts.TryGetValue(baseName, out int count);
        _counts[baseName] = count + 1;
        return count == 0 ? baseName : baseName + "_" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>MnistMlp → mnist_mlp, XORModel → xor_model, Dense1 → dense1.</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool afterLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool endsAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((afterLower || endsAcronym) && text.Length > 0 && text[text.Length - 1] != '_') text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>dense_1 → Dense1, leaky_relu → LeakyRelu.</summary>
    public static string PascalCase(string snake)
    {
        var text = new StringBuilder(snake.Length);
        bool upper = true;
        foreach (char c in snake)
        {
            if (c == '_') { upper = true; continue; }
            text.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return text.ToString();
    }
}
