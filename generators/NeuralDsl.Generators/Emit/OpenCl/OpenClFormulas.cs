using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// The activations and losses as OpenCL C expressions: one table entry each, the counterparts of the CPU's
/// <c>IActivation</c> and <c>ILoss</c> types (a test evaluates both at sample points). Derivatives of activations are
/// written in terms of the output <c>a</c>, as on the CPU, so backward needs no copy of the pre-activation. Named
/// constants come from the prelude (<see cref="Constants"/>).
/// </summary>
internal static class OpenClFormulas
{
    /// <summary><c>a = f(z)</c> and <c>da/dz</c> as a function of a, for every activation but linear and softmax.</summary>
    public static (string Forward, string Derivative) ForActivation(Activation activation) => activation switch
    {
        NeuralDsl.Activation.Relu => ("z > 0.0f ? z : 0.0f", "a > 0.0f ? 1.0f : 0.0f"),
        NeuralDsl.Activation.LeakyRelu => ("z > 0.0f ? z : LEAKY_RELU_SLOPE * z", "a > 0.0f ? 1.0f : LEAKY_RELU_SLOPE"),
        NeuralDsl.Activation.Elu => ("z > 0.0f ? z : exp(z) - 1.0f", "a > 0.0f ? 1.0f : a + 1.0f"),
        NeuralDsl.Activation.Sigmoid => ("1.0f / (1.0f + exp(-z))", "a * (1.0f - a)"),
        NeuralDsl.Activation.Tanh => ("tanh(z)", "1.0f - a * a"),
        NeuralDsl.Activation.Softplus => ("fmax(z, 0.0f) + log(1.0f + exp(-fabs(z)))", "1.0f - exp(-a)"),
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Linear and softmax have no element-wise helper."),
    };

    /// <summary>d(loss)/dp of one predicted value p with target y, before the batch-mean scale, and whether the loss
    /// averages over a row's columns (its gradient is then scaled by 1 / (rows · columns), else by 1 / rows).</summary>
    public static (string Derivative, bool MeanOverColumns) ForLoss(Loss loss) => loss switch
    {
        NeuralDsl.Loss.MeanSquaredError => ("2.0f * (p - y)", true),
        NeuralDsl.Loss.MeanAbsoluteError => ("sign(p - y)", true),
        NeuralDsl.Loss.BinaryCrossentropy => ("p < LOSS_EPSILON || p > 1.0f - LOSS_EPSILON ? 0.0f : (p - y) / (p * (1.0f - p))", true),
        _ => ("p < LOSS_EPSILON || p > 1.0f - LOSS_EPSILON ? 0.0f : -y / p", false), // categorical, sparse or not
    };

    /// <summary>One value's loss as a function of the predicted p and the target y, clipped as on the CPU (before the mean
    /// over columns, if the loss takes one: <see cref="ForLoss"/>).</summary>
    public static string LossValue(Loss loss) => loss switch
    {
        NeuralDsl.Loss.MeanSquaredError => "(p - y) * (p - y)",
        NeuralDsl.Loss.MeanAbsoluteError => "fabs(p - y)",
        NeuralDsl.Loss.BinaryCrossentropy => $"-(y * log({ClippedP}) + (1.0f - y) * log(1.0f - {ClippedP}))",
        _ => $"y != 0.0f ? -y * log({ClippedP}) : 0.0f", // categorical, sparse or not
    };

    /// <summary>p clipped to [eps, 1 − eps], a NaN kept (as the CPU's <c>Math.Clamp</c> keeps it): OpenCL's <c>clamp</c> turns
    /// NaN into eps, which made the loss of a row with NaN outputs look finite.</summary>
    private const string ClippedP = "(isnan(p) ? p : clamp(p, LOSS_EPSILON, 1.0f - LOSS_EPSILON))";

    /// <summary>The named constants the formulas use, with their values from the runtime's <c>FormulaConstants</c>.</summary>
    public static readonly (string Name, string Value, string Comment)[] Constants =
    {
        ("LEAKY_RELU_SLOPE", Literals.OpenClFloat(FormulaConstants.LeakyReluSlope), "leaky ReLU's slope below zero"),
        ("LOSS_EPSILON", Literals.OpenClFloat(FormulaConstants.LossEpsilon), "losses clip probabilities to [eps, 1 - eps]"),
    };
}
