namespace NeuralDsl;

/// <summary>How much <c>Fit</c> prints, as Keras's <c>verbose</c> argument.</summary>
public enum Verbosity
{
    /// <summary>Nothing (verbose=0).</summary>
    Silent,
    /// <summary>A progress bar updated during each epoch, then the epoch's metrics (verbose=1).</summary>
    ProgressBar,
    /// <summary>One line per epoch (verbose=2).</summary>
    OneLinePerEpoch,
}
