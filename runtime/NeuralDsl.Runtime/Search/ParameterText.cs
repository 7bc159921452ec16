using System.Globalization;

namespace NeuralDsl;

/// <summary>How the search writes parameter values and names in tables, progress lines and messages: invariant
/// culture, numbers as short as round-trips allow (0.001, not 0.0010000000474974513).</summary>
internal static class ParameterText
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A value as a message quotes it: texts in quotes, so that "32" and 32 differ.</summary>
    public static string Quote(object value) => value is string text ? $"\"{text}\"" : Format(value);

    /// <summary>The names quoted and comma-separated, for error messages that list what exists.</summary>
    public static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    /// <summary>The parameters as <c>name=value</c> pairs, in space order.</summary>
    public static string Pairs(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(" ", parameters.Select(p => $"{p.Key}={Format(p.Value)}"));

    /// <summary>C#'s name of a type where it has one (<c>int</c> rather than <c>Int32</c>).</summary>
    public static string TypeName(Type type) =>
        type == typeof(int) ? "int"
        : type == typeof(long) ? "long"
        : type == typeof(float) ? "float"
        : type == typeof(double) ? "double"
        : type == typeof(string) ? "string"
        : type == typeof(bool) ? "bool"
        : type == typeof(object) ? "object"
        : type.Name;
}
