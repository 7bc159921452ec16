namespace Classify;

/// <summary>
/// The rows to classify (INPUT, <c>--rows</c>) and how their classes are reported (<c>--top</c>, <c>--raw</c>,
/// <c>--labels</c>): declared once for Classify and ClassifyOnnx, so that the two programs read the same inputs and
/// print the same lines for the same probabilities.
/// </summary>
internal sealed class Classification
{
    public string? Input { get; set; }
    public int Top { get; set; } = 1;
    public int? Rows { get; set; }
    public string? Labels { get; set; }
    public bool Raw { get; set; }

    /// <summary>Declares INPUT (<paramref name="inputRequired"/> or not) and the options above, in the order --help lists.</summary>
    public CommandLine Declare(CommandLine commandLine, bool inputRequired) => commandLine
        .Positional("INPUT", v => Input = CommandLine.Path(v), inputRequired)
        .Value("--top", "K", $"print the K most probable classes of each row (default 1, at most {Report.Classes})",
            v => Top = CommandLine.PositiveInt(v, Report.Classes, $"the {Report.Classes} classes"))
        .Value("--rows", "N", "classify only the first N rows (every row, with a note, when INPUT has fewer)", v => Rows = CommandLine.PositiveInt(v))
        .Value("--labels", "FILE", "an IDX label file for INPUT: prints the accuracy at the end", v => Labels = CommandLine.Path(v))
        .Flag("--raw", "print every probability of every row at full precision instead (for comparing builds)", () => Raw = true);

    /// <summary>The rows of INPUT (the first --rows of them), each <paramref name="width"/> values.</summary>
    public float[] Read(int width) =>
        Inputs.Read(Input ?? throw new InvalidOperationException("INPUT was not given."), width, Rows, Console.Error);

    /// <summary>Prints each row's classes (or every probability with --raw), then the accuracy with --labels.</summary>
    public void Print(float[] probabilities, TextWriter output)
    {
        int rows = probabilities.Length / Report.Classes;
        if (Raw) Report.PrintRaw(probabilities, output);
        else Report.Print(probabilities, rows, Top, output);
        if (Labels is { } labels) Report.PrintAccuracy(probabilities, rows, labels, Input!, output);
    }
}
