using System.Globalization;

/// <summary>
/// The options of a sample, declared once: each option's name, value, help text and what it sets. <see cref="Parse"/>
/// reads <c>--name value</c> and <c>--name=value</c>, answers <c>--help</c> with the list (exit code 0) and refuses an
/// unknown option, a missing value or a malformed number with a message naming it (exit code 2), as command-line
/// tools do.
/// </summary>
/// <param name="usage">The usage line.</param>
/// <param name="description">What the program does, above the usage line in --help.</param>
/// <param name="picksDevice">Whether NEURALDSL_DEVICE picks the program's backend (false for a program that runs no NeuralDsl
/// model, such as ClassifyOnnx), which --help then mentions.</param>
internal sealed class CommandLine(string usage, string description, bool picksDevice = true)
{
    /// <summary>Exit code of a command line that cannot be run (the convention of getopt-based tools).</summary>
    public const int UsageError = 2;

    private readonly List<Option> _options = [new("--help", null, "show this help and exit", _ => { })];
    private readonly List<(string Name, bool Required, Action<string> Apply)> _positionals = [];

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

    /// <summary>An argument without a name, in the order declared (e.g. an input file). A required one missing is a
    /// usage error; an optional one (<paramref name="required"/> false) is for the program to ask for when it needs it
    /// (<see cref="Error"/>), and only the last positionals may be optional.</summary>
    public CommandLine Positional(string name, Action<string> apply, bool required = true)
    {
        if (required && _positionals.Count > 0 && !_positionals[^1].Required)
            throw new InvalidOperationException($"{name} is required but follows the optional {_positionals[^1].Name}.");
        _positionals.Add((name, required, apply));
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
                    var (positionalName, _, apply) = _positionals[positional++];
                    try
                    {
                        apply(arg);
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException($"{positionalName}: '{arg}' {e.Message}", e);
                    }
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
                // "--weights --top 3" forgot the file: an option's name is not taken as the value before it.
                string value = equals >= 0 ? arg[(equals + 1)..]
                    : i + 1 < args.Length && !IsOption(args[i + 1]) ? args[++i]
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
                return Error(e.Message);
            }
        }
        if (positional < _positionals.Count && _positionals[positional].Required) return Error($"missing {_positionals[positional].Name}");
        return null;
    }

    /// <summary>Whether <paramref name="arg"/> names one of the options (<c>--name</c> or <c>--name=value</c>).</summary>
    private bool IsOption(string arg)
    {
        if (arg is "-h") return true;
        int equals = arg.IndexOf('=');
        string name = equals < 0 ? arg : arg[..equals];
        return _options.Exists(o => o.Name == name);
    }

    /// <summary>Prints a usage error, <paramref name="message"/> and then the usage line, to stderr, and returns
    /// <see cref="UsageError"/>: for what the program checks after <see cref="Parse"/> (an optional positional that the
    /// options given need after all, options that exclude each other).</summary>
    public int Error(string message)
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
        if (picksDevice)
        {
            lines.Add("");
            lines.Add("environment: NEURALDSL_DEVICE=cpu|opencl|opencl:N|opencl:NAME picks the backend (default cpu).");
        }
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

    /// <summary>A whole number from 1 to <paramref name="most"/>; <paramref name="what"/> says what bounds it
    /// ("the 10 classes").</summary>
    public static int PositiveInt(string text, int most, string what)
    {
        int value = PositiveInt(text);
        return value <= most ? value : throw new ArgumentException($"is more than {what}: at most {most}");
    }

    /// <summary>Any whole number (that an int holds).</summary>
    public static int Int(string text)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return value;
        // A whole number too large for an int is not "not a whole number": say what is wrong with it.
        throw new ArgumentException(System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? $"is out of range: whole numbers here go from {int.MinValue} to {int.MaxValue}"
            : "is not a whole number");
    }

    /// <summary>A file or folder name: not empty, without characters no path can hold. Whether it exists is for the
    /// program to say when it opens it (exit code 1, as for a file it cannot read).</summary>
    public static string Path(string text) =>
        text.Length == 0 ? throw new ArgumentException("is empty: a file or folder name is needed")
        : text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 ? throw new ArgumentException("holds a character no path can hold")
        : text;

    /// <summary>A fraction in [0, 1].</summary>
    public static float Fraction(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value is >= 0f and <= 1f ? value
        : throw new ArgumentException("is not a number in [0, 1]");
}
