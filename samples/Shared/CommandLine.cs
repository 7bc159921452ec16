using System.Globalization;

/// <summary>
/// The options of a sample, declared once: each option's name, value, help text and what it sets. <see cref="Parse"/>
/// reads <c>--name value</c> and <c>--name=value</c>, answers <c>--help</c> with the list (exit code 0) and refuses an
/// unknown option, a missing value or a malformed number with a message naming it (exit code 2), as command-line
/// tools do.
/// </summary>
internal sealed class CommandLine(string usage, string description)
{
    /// <summary>Exit code of a command line that cannot be run (the convention of getopt-based tools).</summary>
    public const int UsageError = 2;

    private readonly List<Option> _options = [new("--help", null, "show this help and exit", _ => { })];
    private readonly List<(string Name, Action<string> Apply)> _positionals = [];

    private sealed record Option(string Name, string? Value, string Help, Action<string> Apply);

    /// <summary>An option that takes a value, e.g. <c>--epochs N</c>; <paramref name="apply"/> parses and stores it.</summary>
    public CommandLine Value(string name, string value, string help, Action<string> apply)
    {
        _options.Add(new Option(name, value, help, apply));
        return this;
    }

    /// <summary>An option without a value, e.g. <c>--verbose</c>.</summary>
    public CommandLine Flag(string name, string help, Action apply)
    {
        _options.Add(new Option(name, null, help, _ => apply()));
        return this;
    }

    /// <summary>A required argument without a name, in the order declared (e.g. an input file).</summary>
    public CommandLine Positional(string name, Action<string> apply)
    {
        _positionals.Add((name, apply));
        return this;
    }

    /// <summary>Applies <paramref name="args"/>; null when the program should go on, else the exit code to return
    /// (0 after <c>--help</c>, <see cref="UsageError"/> after an error, which is printed to stderr).</summary>
    public int? Parse(string[] args)
    {
        int positional = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h")
            {
                Console.WriteLine(Help());
                return 0;
            }
            try
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
                {
                    if (positional == _positionals.Count) throw new ArgumentException($"unexpected argument '{arg}'");
                    _positionals[positional++].Apply(arg);
                    continue;
                }
                int equals = arg.IndexOf('=');
                string name = equals < 0 ? arg : arg[..equals];
                var option = _options.Find(o => o.Name == name)
                    ?? throw new ArgumentException($"unknown option '{name}'");
                if (option.Value is null)
                {
                    if (equals >= 0) throw new ArgumentException($"{name} takes no value");
                    option.Apply("");
                    continue;
                }
                string value = equals >= 0 ? arg[(equals + 1)..]
                    : i + 1 < args.Length ? args[++i]
                    : throw new ArgumentException($"{name} needs a value ({option.Value})");
                try
                {
                    option.Apply(value);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"{name} {option.Value}: '{value}' {e.Message}", e);
                }
            }
            catch (ArgumentException e)
            {
                return Fail(e.Message);
            }
        }
        if (positional < _positionals.Count) return Fail($"missing {_positionals[positional].Name}");
        return null;
    }

    private int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine($"usage: {usage}   (--help lists the options)");
        return UsageError;
    }

    private string Help()
    {
        var lines = new List<string> { description, "", $"usage: {usage}", "", "options:" };
        int width = _options.Max(o => Label(o).Length);
        lines.AddRange(_options.Select(o => $"  {Label(o).PadRight(width)}  {o.Help}"));
        lines.Add("");
        lines.Add("environment: NEURALDSL_DEVICE=cpu|opencl|opencl:N|opencl:NAME picks the backend (default cpu).");
        return string.Join(Environment.NewLine, lines);
    }

    private static string Label(Option option) => option.Value is null ? option.Name : $"{option.Name} {option.Value}";

    // Value parsers: each throws an ArgumentException whose message completes "--option VALUE: 'text' ...".

    /// <summary>A whole number above zero.</summary>
    public static int PositiveInt(string text)
    {
        int value = Int(text);
        return value > 0 ? value : throw new ArgumentException("must be at least 1");
    }

    /// <summary>Any whole number.</summary>
    public static int Int(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
        : throw new ArgumentException("is not a whole number");

    /// <summary>A fraction in [0, 1].</summary>
    public static float Fraction(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value is >= 0f and <= 1f ? value
        : throw new ArgumentException("is not a number in [0, 1]");
}
