namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>How a kernel is launched: as a product over an I × J output (in the work-groups of the device's product
/// tuning), or with one work-item per element of a count.</summary>
internal enum LaunchShape
{
    Product,
    Each,
}

/// <summary>What a backward launch of a layer with weights computes, which decides when it runs: its weight gradients only
/// while the layer trains, its input gradient only while a layer below it trains.</summary>
internal enum LaunchRole
{
    Pass,
    WeightGradients,
    InputGradient,
}

/// <summary>One kernel launch of a pass. <paramref name="Size"/> is a C# expression in <c>rows</c> (the output rows I of a
/// tiled product, or the work-item count); <paramref name="Columns"/> the product's J. A backward launch carries the index
/// of its layer (<paramref name="Layer"/>, -1 for the loss gradient) and its <paramref name="Role"/>.</summary>
internal sealed record OpenClLaunch(int Kernel, string KernelName, LaunchShape Shape, string Size, int Columns, string Comment,
    int Layer = -1, LaunchRole Role = LaunchRole.Pass);
