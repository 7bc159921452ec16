namespace NeuralDsl.Cpu;

/// <summary>The register tiles of <see cref="GemmEngine"/>, one per instruction set.</summary>
internal enum GemmPath
{
    /// <summary><see cref="Avx512Tile"/>: 8×32 in 512-bit vectors.</summary>
    Avx512,

    /// <summary><see cref="Avx512NarrowTile"/>: 16×16 in 512-bit vectors, which <see cref="Avx512"/> runs for products of
    /// at most 16 columns.</summary>
    Avx512Narrow,

    /// <summary><see cref="VectorTile{TV}"/> of <see cref="Simd256"/>: 6×16 with AVX2 and FMA.</summary>
    Avx2,

    /// <summary><see cref="VectorTile{TV}"/> of <see cref="Simd128"/>: 6×8 with SSE or AdvSimd.</summary>
    Vector128,

    /// <summary><see cref="VectorTile{TV}"/> of <see cref="SimdScalar"/>: 6×2 floats, for any hardware.</summary>
    Scalar,
}
