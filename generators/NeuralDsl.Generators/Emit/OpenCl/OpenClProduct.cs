using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.OpenCl;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// One product kernel, <c>out(i, j) = Σ_l left(i, l) · right(l, j)</c>, register-blocked: each work-item keeps a
/// BLOCK_M × BLOCK_N block of outputs in registers and a work-group covers a TILE_M × TILE_N tile. The sizes are the
/// <see cref="ProductMacros"/>, which the runtime gives per device; the two operands are inline functions of their
/// indices (a row of the input, a convolution patch read on the fly, the gradient through an activation), so one
/// loop serves every product, and the epilogue (bias, activation, dropout, a regularizer's term) runs on each output
/// as it leaves the registers.
/// </summary>
internal static class OpenClProduct
{
    /// <summary>The parameters of an operand function besides its indices: what the operand expressions read.</summary>
    private const string OperandParameters = "__global const float* p, __global const float* w, const int cap";

    /// <summary>Writes kernel <paramref name="name"/>: <paramref name="left"/> is an expression in <c>i</c> and <c>l</c>,
    /// <paramref name="right"/> one in <c>l</c> and <c>j</c>, and the <paramref name="epilogue"/> statements see the
    /// output's <c>i</c>, <c>j</c> and its sum <c>acc</c>.</summary>
    public static void Write(CodeWriter source, string name, string comment, string iCount, int jCount, string lCount,
        string left, string right, IEnumerable<string> epilogue)
    {
        source.Line($"// {comment}");
        source.Line($"// out(i, j) = sum over l < {lCount} of {name}_left(i, l) * {name}_right(l, j), for i < {iCount} and j < {Literals.Int(jCount)}.");
        source.Line($"inline float {name}_left({OperandParameters}, const int i, const int l) {{ return {left}; }}");
        source.Line($"inline float {name}_right({OperandParameters}, const int l, const int j) {{ return {right}; }}");
        source.Line($"__kernel PRODUCT_GROUP");
        using (source.Block($"void {name}(MODEL_ARGS)"))
        {
            source.Line($"const int i_count = {iCount}, j_count = {Literals.Int(jCount)}, l_count = {lCount};");
            // Every loop over the block is unrolled, so the sums stay in registers.
            source.Line($"float sum[BLOCK_M][BLOCK_N];");
            EachOutput(source, "sum[m][n] = 0.0f;");
            source.Line($"#if PRODUCT_LOCAL_TILES");
            LocalTiles(source, name);
            source.Line($"#else");
            Direct(source, name);
            source.Line($"#endif");
            // Copied out so that the epilogue can be one rolled loop (indexing the sums by a variable would keep them
            // out of registers during the products).
            source.Line($"float block[BLOCK_M * BLOCK_N];");
            EachOutput(source, "block[m * BLOCK_N + n] = sum[m][n];");
            using (source.Block($"for (int k = 0; k < BLOCK_M * BLOCK_N; k++)"))
            {
                source.Line($"const int i = i_first + k / BLOCK_N * i_step, j = j_first + k % BLOCK_N * j_step;");
                source.Line($"if (i >= i_count || j >= j_count) continue;");
                source.Line($"const float acc = block[k];");
                foreach (var line in epilogue) source.Line($"{line}");
            }
        }
        source.Line();
    }

    /// <summary>The unrolled loops over a work-item's block around one <paramref name="statement"/>.</summary>
    private static void EachOutput(CodeWriter source, string statement)
    {
        source.Line($"#pragma unroll");
        source.Line($"for (int m = 0; m < BLOCK_M; m++)");
        source.Line($"#pragma unroll");
        source.Line($"for (int n = 0; n < BLOCK_N; n++) {statement}");
    }

    /// <summary>GPUs: TILE_K-deep slices of both operands staged in local memory, each value read from global memory once
    /// per work-group; a work-item's rows and columns are GROUP_ROWS and GROUP_COLUMNS apart, so that neighbouring
    /// work-items read neighbouring local values.</summary>
    private static void LocalTiles(CodeWriter source, string name)
    {
        source.Line($"// Local tiles (GPUs): work-item (tj, ti) owns rows i_first + m * GROUP_ROWS and columns j_first + n * GROUP_COLUMNS.");
        source.Line($"__local float left[TILE_K][TILE_M + {ProductMacros.LeftTilePadding}], right[TILE_K][TILE_N];");
        source.Line($"const int tj = get_local_id(0), ti = get_local_id(1), t = ti * GROUP_COLUMNS + tj;");
        source.Line($"const int i_tile = get_group_id(1) * TILE_M, j_tile = get_group_id(0) * TILE_N;");
        source.Line($"const int i_first = i_tile + ti, i_step = GROUP_ROWS, j_first = j_tile + tj, j_step = GROUP_COLUMNS;");
        using (source.Block($"for (int l0 = 0; l0 < l_count; l0 += TILE_K)"))
        {
            using (source.Block($"for (int e = t; e < TILE_K * TILE_M; e += GROUP_SIZE)"))
            {
                source.Line($"const int i = i_tile + e / TILE_K, l = l0 + e % TILE_K;");
                source.Line($"left[e % TILE_K][e / TILE_K] = i < i_count && l < l_count ? {name}_left(p, w, cap, i, l) : 0.0f;");
            }
            using (source.Block($"for (int e = t; e < TILE_K * TILE_N; e += GROUP_SIZE)"))
            {
                source.Line($"const int l = l0 + e / TILE_N, j = j_tile + e % TILE_N;");
                source.Line($"right[e / TILE_N][e % TILE_N] = l < l_count && j < j_count ? {name}_right(p, w, cap, l, j) : 0.0f;");
            }
            source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
            source.Line($"#pragma unroll");
            using (source.Block($"for (int k = 0; k < TILE_K; k++)"))
            {
                source.Line($"float x[BLOCK_M], y[BLOCK_N];");
                source.Line($"#pragma unroll");
                source.Line($"for (int m = 0; m < BLOCK_M; m++) x[m] = left[k][ti + m * GROUP_ROWS];");
                source.Line($"#pragma unroll");
                source.Line($"for (int n = 0; n < BLOCK_N; n++) y[n] = right[k][tj + n * GROUP_COLUMNS];");
                Accumulate(source);
            }
            source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
        }
    }

    /// <summary>CPUs: both operands straight from global memory (the caches tile them), each work-item owning BLOCK_N
    /// contiguous columns. A whole block is one branch-free loop the compiler turns into vector loads and FMAs; a block
    /// at the edge clamps its rows and columns to the last real ones for reading (the epilogue stores only real ones).</summary>
    private static void Direct(CodeWriter source, string name)
    {
        source.Line($"// Direct (CPUs): work-item (x, y) owns rows i_first .. i_first + BLOCK_M - 1 and columns j_first .. j_first + BLOCK_N - 1.");
        source.Line($"const int i_first = get_global_id(1) * BLOCK_M, i_step = 1, j_first = get_global_id(0) * BLOCK_N, j_step = 1;");
        source.Line($"if (i_first >= i_count || j_first >= j_count) return;");
        source.Line($"if (i_first + BLOCK_M <= i_count && j_first + BLOCK_N <= j_count)");
        DirectLoop(source, name, "i_first + m", "j_first + n");
        source.Line($"else // a block at the edge");
        DirectLoop(source, name, "min(i_first + m, i_count - 1)", "min(j_first + n, j_count - 1)");
    }

    private static void DirectLoop(CodeWriter source, string name, string row, string column)
    {
        using (source.Block($"for (int l = 0; l < l_count; l++)"))
        {
            source.Line($"float x[BLOCK_M], y[BLOCK_N];");
            source.Line($"#pragma unroll");
            source.Line($"for (int m = 0; m < BLOCK_M; m++) x[m] = {name}_left(p, w, cap, {row}, l);");
            source.Line($"#pragma unroll");
            source.Line($"for (int n = 0; n < BLOCK_N; n++) y[n] = {name}_right(p, w, cap, l, {column});");
            Accumulate(source);
        }
    }

    private static void Accumulate(CodeWriter source) => EachOutput(source, "sum[m][n] = fma(x[m], y[n], sum[m][n]);");
}
