namespace NeuralDsl.Generators.Planning;

/// <summary>A kernel penalty <c>l1·Σ|w| + l2·Σw²</c> with the factors the regularizer uses (the other is 0).</summary>
internal sealed record RegularizationPlan(double L1, double L2);
