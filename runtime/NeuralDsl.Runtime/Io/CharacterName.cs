namespace NeuralDsl;

/// <summary>A character as an error message shows it: quoted, or by its code point where it would not print (a control
/// character, white space, half of a surrogate pair). CSV separators and checkpoint paths name their bad characters so.</summary>
internal static class CharacterName
{
    public static string Of(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
