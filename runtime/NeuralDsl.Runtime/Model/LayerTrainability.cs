namespace NeuralDsl;

/// <summary>
/// Which layers of a model train (Keras's <c>layer.trainable</c>): the generated passes skip a frozen layer's weight
/// gradients and stop the backward pass below the first trainable layer, and the optimizer updates only
/// <see cref="Ranges"/>. Both backends read this one object.
/// </summary>
internal sealed class LayerTrainability
{
    private readonly ModelInfo _info;
    private readonly bool[] _trainable;

    public LayerTrainability(ModelInfo info)
    {
        _info = info;
        _trainable = info.Layers.Select(layer => layer.Trainable).ToArray();
        Refresh();
    }

    /// <summary>The index of the first trainable layer with parameters, or <see cref="int.MaxValue"/> when none trains: the
    /// backward pass goes no further down than it.</summary>
    public int FirstTrainableLayer { get; private set; }

    /// <summary>The trainable parameters, as sorted disjoint ranges of the parameter buffer (adjacent layers merged).</summary>
    public ParameterRange[] Ranges { get; private set; } = [];

    /// <summary>Parameters the optimizer updates.</summary>
    public int TrainableParameterCount { get; private set; }

    /// <summary>Counts changes, so that a backend can notice one.</summary>
    public int Version { get; private set; }

    /// <summary>Whether layer <paramref name="layer"/> (its index in <see cref="ModelInfo.Layers"/>) trains.</summary>
    public bool this[int layer] => _trainable[layer];

    /// <summary>The index of the layer named <paramref name="layerName"/>; an unknown name is an ArgumentException that lists the names.</summary>
    public int IndexOf(string layerName)
    {
        ArgumentNullException.ThrowIfNull(layerName);
        for (int i = 0; i < _info.Layers.Count; i++)
            if (_info.Layers[i].Name == layerName) return i;
        throw new ArgumentException(
            $"{_info.Name} has no layer named '{layerName}'; its layers are {string.Join(", ", _info.Layers.Select(layer => layer.Name))}.", nameof(layerName));
    }

    /// <summary>Sets a layer's flag; returns whether it changed.</summary>
    public bool Set(int layer, bool trainable)
    {
        if (_trainable[layer] == trainable) return false;
        _trainable[layer] = trainable;
        Refresh();
        return true;
    }

    private void Refresh()
    {
        var ranges = new List<ParameterRange>();
        int first = int.MaxValue, count = 0;
        for (int i = 0; i < _trainable.Length; i++)
        {
            var layer = _info.Layers[i];
            if (!_trainable[i] || layer.Tensors.Count == 0) continue;
            first = Math.Min(first, i);
            int start = layer.Tensors[0].Offset;
            count += layer.ParameterCount;
            if (ranges.Count > 0 && ranges[^1].End == start) ranges[^1] = ranges[^1] with { Length = ranges[^1].Length + layer.ParameterCount };
            else ranges.Add(new ParameterRange(start, layer.ParameterCount));
        }
        FirstTrainableLayer = first;
        Ranges = ranges.ToArray();
        TrainableParameterCount = count;
        Version++;
    }
}
