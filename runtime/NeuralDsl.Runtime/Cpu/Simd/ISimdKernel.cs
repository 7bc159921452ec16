namespace NeuralDsl.Cpu;

/// <summary>A kernel written once for any vector width; <see cref="SimdDispatch.Run"/> runs it at the widest
/// accelerated one. Reductions and register-blocked loops take this form; plain element-wise maps take
/// <see cref="IElementwiseStep"/>.</summary>
internal interface ISimdKernel
{
    void Run<TV>() where TV : struct, ISimd<TV>;
}
