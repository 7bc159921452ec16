namespace NeuralDsl.OpenCl;

/// <summary>Inputs and targets resident on a device for a whole <c>Fit</c>: uploaded once, then batches are gathered
/// from them through the epoch's row order (<see cref="Order"/>), so a step moves no data.</summary>
internal sealed class OpenClDataSet : IDisposable
{
    public OpenClDataSet(OpenClContext context, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows)
    {
        var created = new List<IDisposable>();
        try
        {
            X = context.CreateBuffer(x);
            created.Add(X);
            Y = context.CreateBuffer(targets);
            created.Add(Y);
            Order = context.CreateBuffer<int>(rows);
        }
        catch
        {
            foreach (var buffer in created) buffer.Dispose();
            throw;
        }
    }

    public OpenClBuffer<float> X { get; }

    public OpenClBuffer<float> Y { get; }

    /// <summary>The current epoch's row order.</summary>
    public OpenClBuffer<int> Order { get; }

    public void Dispose()
    {
        Order?.Dispose();
        Y?.Dispose();
        X?.Dispose();
    }
}
