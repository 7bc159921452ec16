namespace NeuralDsl.Cpu;

/// <summary>
/// One register-tile shape of <see cref="GemmEngine"/> and the micro-kernel that fills it: <see cref="Rows"/> output rows ×
/// <see cref="Columns"/> output columns held in vector registers for the whole reduction. B is packed into zero-padded
/// panels of <see cref="Columns"/> columns, so each path has its own panel width.
/// </summary>
internal unsafe interface IGemmTile
{
    /// <summary>Rows of one register tile (Mr).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of one register tile, and the width of a packed panel of B (Nr).</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// <c>c[r, j] = f(bias[j] + Σ_p A(r, p) · b[p·ldb + j])</c> for rows r below <paramref name="height"/> (at most
    /// <see cref="Rows"/>) and all <see cref="Columns"/> columns, accumulated with multiply-adds in increasing p, where the
    /// reduction runs over <paramref name="segments"/> segments of <paramref name="depth"/>:
    /// <c>A(r, s·depth + q) = rows[r][s·aSegment + q·aCol]</c>. Each row of A has its own start (<paramref name="rows"/>,
    /// <paramref name="height"/> of them; entries past the height are not read), so a tile may gather any rows: a matrix
    /// product's consecutive rows (<see cref="GemmEngine.AffineRows"/>), or a convolution's output cells across the ends of
    /// output rows and images, each reading its window in place as one segment per window row (<see cref="DirectConvolution"/>).
    /// B is a packed panel (<paramref name="ldb"/> = <see cref="Columns"/>) or <see cref="Columns"/> columns of a wider
    /// matrix read in place. <paramref name="bias"/> holds <see cref="Columns"/> values, or is null for none. With a
    /// <paramref name="scale"/> (<see cref="Columns"/> values, the bias then required) the sum is scaled before the bias is
    /// added: <c>c[r, j] = f(scale[j] · Σ_p … + bias[j])</c> (a BatchNormalization folded into the epilogue). With a
    /// <paramref name="residual"/> (not 0) the value that many floats past each output's place is added before the
    /// activation: an Add fused into the epilogue, whose other input lies in its own buffer laid out as c.
    /// </summary>
    static abstract void Multiply<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias,
        float* scale, nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation;
}

/// <summary>Work generic over the register tile, which <see cref="GemmEngine.WithTile"/> picks.</summary>
internal interface ITileAction
{
    void Run<TTile>() where TTile : struct, IGemmTile;
}
