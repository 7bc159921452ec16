using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>
/// Checks, while the layers are shaped in order, that a block used several times can be: its first instance's output
/// must have the shape of its input, or every later instance would receive another shape. One error on the [Repeat]
/// (NDSL039), and the later instances stay unshaped, so nothing inside them reports a follow-on error; nor do they when
/// the first instance itself has an error.
/// </summary>
internal sealed class RepeatShapes
{
    private readonly Dictionary<int, Shape> _firstInput = new Dictionary<int, Shape>();
    private readonly Dictionary<int, Shape> _firstOutput = new Dictionary<int, Shape>();
    private readonly HashSet<int> _stopped = new HashSet<int>();

    /// <summary>Whether <paramref name="layer"/>, receiving <paramref name="input"/> first, may be shaped.</summary>
    public bool Admits(LayerSpec layer, Shape input, List<DiagnosticInfo> diagnostics)
    {
        if (layer.Instance is not { } instance) return true;
        if (_stopped.Contains(instance.Repeat)) return false;
        if (!instance.IsFirst) return true;
        if (instance.Number == 1)
        {
            _firstInput[instance.Repeat] = input;
            return true;
        }
        if (_firstOutput.TryGetValue(instance.Repeat, out var output) && output == _firstInput[instance.Repeat]) return true;
        _stopped.Add(instance.Repeat);
        if (output is not null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BlockCannotRepeat, instance.RepeatLocation, instance.RepeatDisplay,
                _firstInput[instance.Repeat].ToString(), output.ToString()));
        return false;
    }

    /// <summary>Records the output of a block's first instance.</summary>
    public void Shaped(LayerSpec layer, Shape output)
    {
        if (layer.Instance is { IsLast: true, Number: 1 } instance) _firstOutput[instance.Repeat] = output;
    }
}
