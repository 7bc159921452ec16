using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Reads purely numeric CSV into a flat row-major buffer. Numbers use the invariant culture so a
/// file parses the same on every machine regardless of its locale.
/// </summary>
public static class Csv
{
    /// <summary>Reads a numeric CSV file; all rows must have the same number of columns.</summary>
    public static float[] ReadNumbers(string path, out int columns, bool hasHeader = false, char separator = ',')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: CSV file not found", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, out columns, hasHeader, separator, path);
    }

    /// <summary>
    /// Parses numeric CSV from <paramref name="reader"/>. <paramref name="source"/> names the input
    /// in error messages. Blank lines at the end are ignored; a blank line followed by more rows is an error.
    /// </summary>
    public static float[] Parse(TextReader reader, out int columns, bool hasHeader = false, char separator = ',', string source = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        if (separator is '\r' or '\n' or '.' or '-' or '+')
        {
            throw new ArgumentException($"separator '{separator}' cannot separate numbers", nameof(separator));
        }

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
                    $"{source}: line {firstBlankLine} is blank but more rows follow at line {lineNumber}");
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
                throw new InvalidDataException(
                    $"{source}: line {lineNumber} has {count} columns but earlier rows have {columns}");
            }

            ParseRow(line.AsSpan(), separator, values, source, lineNumber);
        }

        if (columns < 0)
        {
            columns = 0;
        }

        return values.ToArray();
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
                    $"{source}: line {lineNumber}, column {column}: '{field.ToString()}' is not a number");
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
}
