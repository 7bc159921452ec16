using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Reads purely numeric CSV into a flat row-major buffer. Numbers use the invariant culture so a
/// file parses the same on every machine regardless of its locale.
/// </summary>
public static class Csv
{
    /// <summary>
    /// Reads a numeric CSV file; all rows must have the same number of columns. Every value must be a finite float:
    /// a bad or out-of-range value, a ragged row and a file without data rows are <see cref="InvalidDataException"/>s
    /// that name the file, line and column.
    /// </summary>
    public static float[] ReadNumbers(string path, out int columns, bool hasHeader = false, char separator = ',')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckSeparator(separator, nameof(separator));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: CSV file not found", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, out columns, hasHeader, separator, path);
    }

    /// <summary>
    /// Parses numeric CSV from <paramref name="reader"/>. <paramref name="source"/> names the input
    /// in error messages. Blank lines at the end are ignored; a blank line followed by more rows is an error. Input
    /// without data rows (empty, blank, or a header alone) is an error rather than zero rows, because training on
    /// nothing is never what the caller meant. A separator that occurs inside numbers ('-', '.', 'E', a digit or a
    /// letter), a quote or a line break is an <see cref="ArgumentException"/>, as for <see cref="CsvLogger"/>.
    /// </summary>
    public static float[] Parse(TextReader reader, out int columns, bool hasHeader = false, char separator = ',', string source = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        CheckSeparator(separator, nameof(separator));

        var values = new List<float>();
        columns = -1;
        int lineNumber = 0;
        int firstBlankLine = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                if (firstBlankLine == 0)
                {
                    firstBlankLine = lineNumber;
                }

                continue;
            }

            if (firstBlankLine != 0)
            {
                throw new InvalidDataException(
                    $"{source}: line {firstBlankLine}, column 1: the line is blank but more rows follow at line {lineNumber}");
            }

            int count = CountFields(line, separator);
            if (columns < 0)
            {
                columns = count;
                if (hasHeader && lineNumber == 1)
                {
                    continue;
                }
            }
            else if (count != columns)
            {
                // Name the first column where the row departs from the others: the extra field, or the last one it has.
                int column = count > columns ? columns + 1 : count;
                throw new InvalidDataException(
                    $"{source}: line {lineNumber}, column {column}: the line has {count} columns but earlier rows have {columns}");
            }

            ParseRow(line.AsSpan(), separator, values, source, lineNumber);
        }

        if (values.Count == 0)
        {
            string what = columns < 0 ? "no rows" : "a header but no data rows";
            throw new InvalidDataException($"{source}: line {lineNumber + 1}, column 1: the CSV has {what}");
        }

        return values.ToArray();
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for <paramref name="paramName"/> unless <paramref name="separator"/> can
    /// separate numbers: the one rule for every CSV of numbers the library reads (<see cref="Parse"/>) or writes
    /// (<see cref="CsvLogger"/>). Refused are the characters of numbers as the invariant culture writes and reads them
    /// (digits, '.', '+', '-', 'E', the letters of NaN and Infinity, '∞'; all letters and digits, for simplicity), a
    /// quote (it quotes names in a header), line breaks (they end rows), and half of a surrogate pair.
    /// </summary>
    internal static void CheckSeparator(char separator, string paramName)
    {
        if (char.IsLetterOrDigit(separator) || separator is '.' or '+' or '-' or '∞' or '"' or '\r' or '\n' || char.IsSurrogate(separator))
        {
            throw new ArgumentException(
                $"The separator {CharacterName.Of(separator)} cannot separate numbers: numbers hold digits, '.', '+', '-', 'E', NaN and Infinity, " +
                "a quote quotes a name, and a line break ends a row; use ',', ';', a tab or a space.", paramName);
        }
    }

    private static int CountFields(string line, char separator)
    {
        int count = 1;
        foreach (char c in line)
        {
            if (c == separator)
            {
                count++;
            }
        }

        return count;
    }

    private static void ParseRow(ReadOnlySpan<char> line, char separator, List<float> values, string source, int lineNumber)
    {
        int column = 1;
        while (true)
        {
            int end = line.IndexOf(separator);
            ReadOnlySpan<char> field = end < 0 ? line : line[..end];
            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                throw new InvalidDataException(
                    $"{source}: line {lineNumber}, column {column}: '{Shown(field)}' is not a number");
            }

            // float.TryParse turns a magnitude beyond ±3.4e38 into ±Infinity without a word; a data set never means that,
            // and NaN or Infinity written out is no measurement either, so all three stop the load here.
            if (!float.IsFinite(value))
            {
                string why = float.IsNaN(value) || IsInfinityWord(field)
                    ? "is not a finite number"
                    : $"is out of the float range (±{float.MaxValue.ToString(CultureInfo.InvariantCulture)})";
                throw new InvalidDataException($"{source}: line {lineNumber}, column {column}: '{Shown(field)}' {why}");
            }

            values.Add(value);
            if (end < 0)
            {
                return;
            }

            line = line[(end + 1)..];
            column++;
        }
    }

    private static bool IsInfinityWord(ReadOnlySpan<char> field)
    {
        ReadOnlySpan<char> word = field.Trim().TrimStart("+-");
        return word.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || word.SequenceEqual("∞");
    }

    /// <summary>The field as the message shows it: cut short, so a garbled line without separators cannot flood the message.</summary>
    private static string Shown(ReadOnlySpan<char> field) => field.Length <= 40 ? field.ToString() : string.Concat(field[..40], "…");
}
