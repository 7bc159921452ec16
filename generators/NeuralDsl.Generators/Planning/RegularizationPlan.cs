using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Planning;

/// <summary>A kernel penalty <c>l1·Σ|w| + l2·Σw²</c> with the factors the regularizer uses (the other is 0).</summary>
internal sealed record RegularizationPlan(double L1, double L2)
{
    /// <summary>The factors the regularizer uses; none when it has no effect (no regularizer, or factors of 0).</summary>
    public static RegularizationPlan? Of(WeightOptions options)
    {
        var choice = options.KernelRegularizer;
        return choice is { L1: 0, L2: 0 } ? null : new RegularizationPlan(choice.L1, choice.L2);
    }
}
