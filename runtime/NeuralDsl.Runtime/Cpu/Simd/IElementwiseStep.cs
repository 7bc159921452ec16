namespace NeuralDsl.Cpu;

/// <summary>The body of an element-wise loop: computes the values at <c>[index, index + TV.Count)</c>.
/// <see cref="SimdDispatch.ForEach"/> runs it with whole vectors of the widest accelerated width, then with
/// <see cref="SimdScalar"/> for the tail, so the formula is written once for both.</summary>
internal interface IElementwiseStep
{
    /// <summary>The formula's scalar parameters, which the loop broadcasts once and passes to every <see cref="Step"/>.</summary>
    StepScalars Scalars { get; }

    void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV>;
}
