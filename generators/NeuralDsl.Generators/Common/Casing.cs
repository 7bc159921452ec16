using System.Text;

namespace NeuralDsl.Generators.Common;

/// <summary>Keras's snake_case and C#'s PascalCase spellings of a name.</summary>
internal static class Casing
{
    /// <summary>MnistMlp → mnist_mlp, XORModel → xor_model, Dense1 → dense1, LeakyRelu → leaky_relu.</summary>
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

    /// <summary>Dense1 → dense1 (a camelCase field stem).</summary>
    public static string CamelCase(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
