namespace Classify;

/// <summary>What the command line asked for.</summary>
internal sealed class Options
{
    /// <summary>Fashion-MNIST's classes (every network here ends in a softmax over them).</summary>
    public const int Classes = 10;

    public enum Network { Hidden, Simple }

    public string Input { get; set; } = "";
    public string? Weights { get; set; }
    public Network Model { get; set; } = Network.Hidden;
    public int Top { get; set; } = 1;
    public int? Rows { get; set; }
    public string? Labels { get; set; }
    public bool Raw { get; set; }
    public bool Benchmark { get; set; }

    public static Network ParseModel(string name) => name switch
    {
        "hidden" => Network.Hidden,
        "simple" => Network.Simple,
        _ => throw new ArgumentException("is not a network here (hidden or simple)"),
    };
}
