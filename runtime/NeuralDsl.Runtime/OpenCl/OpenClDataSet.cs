namespace NeuralDsl.OpenCl;

/// <summary>Inputs and targets resident on a device for a whole <c>Fit</c>: uploaded once, then batches are gathered
/// from them by row index, so a step moves no data.</summary>
internal sealed class OpenClDataSet : IDisposable
{
    public OpenClDataSet(OpenClContext context, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows)
    {
        Rows = rows;
        X = context.CreateBuffer(x);
        try
        {
            HasTargets = !targets.IsEmpty;
            // A kernel argument cannot be null portably, so a set without targets binds a one-float placeholder.
            Y = HasTargets ? context.CreateBuffer(targets) : context.CreateBuffer<float>(1);
        }
        catch
        {
            X.Dispose();
            throw;
        }
    }

    public int Rows { get; }

    public bool HasTargets { get; }

    public OpenClBuffer<float> X { get; }

    public OpenClBuffer<float> Y { get; }

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}
