namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>How a kernel is launched: as a product over an I × J output (in the work-groups of the device's product
/// tuning), or with one work-item per element of a count.</summary>
internal enum LaunchShape
{
    Product,
    Each,
}

/// <summary>What decides whether a launch runs: always (<see cref="Pass"/>); a layer's weight gradients only while it
/// trains; its input gradient only while a layer upstream of it trains; and for a layer that computes differently while it
/// trains and while it is frozen (BatchNormalization), the launches of one way or the other.</summary>
internal enum LaunchRole
{
    Pass,
    WeightGradients,
    InputGradient,
    WhileTraining,
    WhileFrozen,
    InputGradientWhileTraining,
    InputGradientWhileFrozen,
}

/// <summary>One kernel launch of a pass. <paramref name="Size"/> is a C# expression in <c>rows</c> (the output rows I of a
/// tiled product, or the work-item count); <paramref name="Columns"/> the product's J. A backward launch carries the index
/// of its layer (<paramref name="Layer"/>, -1 for the loss gradient) and its <paramref name="Role"/>.</summary>
internal sealed record OpenClLaunch(int Kernel, string KernelName, LaunchShape Shape, string Size, int Columns, string Comment,
    int Layer = -1, LaunchRole Role = LaunchRole.Pass);
