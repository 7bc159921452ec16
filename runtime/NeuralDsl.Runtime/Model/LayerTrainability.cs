namespace NeuralDsl;

/// <summary>
/// Which layers of a model train (Keras's <c>layer.trainable</c>): the generated passes skip a frozen layer's weight
/// gradients and stop the backward pass below the first trainable layer, and the optimizer updates only
/// <see cref="Ranges"/>: the <see cref="TensorRole.Weight"/> tensors of the trainable layers, never a
/// <see cref="TensorRole.State"/> tensor, which the forward pass writes itself. Both backends read this one object.
/// </summary>
internal sealed class LayerTrainability
{
    private readonly ModelInfo _info;
    private readonly bool[] _trainable;

    public LayerTrainability(ModelInfo info)
    {
        _info = info;
        _trainable = info.Layers.Select(layer => layer.Trainable).ToArray();
        StateRanges = FindStateRanges(info);
        Refresh();
    }

    /// <summary>The index of the first trainable layer with weights, or <see cref="int.MaxValue"/> when none trains: the
    /// backward pass goes no further down than it (a layer that holds only state needs no gradient).</summary>
    public int FirstTrainableLayer { get; private set; }

    /// <summary>The weights the optimizer steps, as sorted disjoint ranges of the parameter buffer: the weight tensors of the
    /// trainable layers, adjacent ones merged (state tensors between them split a range).</summary>
    public ParameterRange[] Ranges { get; private set; } = [];

    /// <summary>Every tensor of the trainable layers, weights and state, as sorted disjoint ranges: what training changes,
    /// which data-parallel Fit compares between ranks (it also sees a frozen layer that holds only state).</summary>
    public ParameterRange[] TrainableLayerRanges { get; private set; } = [];

    /// <summary>The state tensors of every layer, frozen or not, in buffer order, adjacent tensors of one layer merged, each
    /// with the index of its layer (the forward pass of a trainable layer updates them in training).</summary>
    public (ParameterRange Range, int Layer)[] StateRanges { get; }

    /// <summary>Weights the optimizer steps (<see cref="Ranges"/>' total).</summary>
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
        var weights = new List<ParameterRange>();
        var layers = new List<ParameterRange>();
        int first = int.MaxValue, count = 0;
        for (int i = 0; i < _trainable.Length; i++)
        {
            if (!_trainable[i]) continue;
            // A layer's tensors may interleave roles (gamma, beta, moving_mean, moving_variance): each is placed on its own.
            foreach (var tensor in _info.Layers[i].Tensors)
            {
                Append(layers, tensor);
                if (tensor.Role != TensorRole.Weight) continue;
                first = Math.Min(first, i);
                count += tensor.Length;
                Append(weights, tensor);
            }
        }
        FirstTrainableLayer = first;
        Ranges = weights.ToArray();
        TrainableLayerRanges = layers.ToArray();
        TrainableParameterCount = count;
        Version++;
    }

    /// <summary>Adds <paramref name="tensor"/> to sorted disjoint <paramref name="ranges"/>, merged with the last one when they touch.</summary>
    private static void Append(List<ParameterRange> ranges, SafeTensor tensor)
    {
        if (tensor.Length == 0) return;
        if (ranges.Count > 0 && ranges[^1].End == tensor.Offset) ranges[^1] = ranges[^1] with { Length = ranges[^1].Length + tensor.Length };
        else ranges.Add(new ParameterRange(tensor.Offset, tensor.Length));
    }

    private static (ParameterRange Range, int Layer)[] FindStateRanges(ModelInfo info)
    {
        var state = new List<(ParameterRange Range, int Layer)>();
        for (int i = 0; i < info.Layers.Count; i++)
            foreach (var tensor in info.Layers[i].Tensors)
            {
                if (tensor.Role != TensorRole.State || tensor.Length == 0) continue;
                if (state.Count > 0 && state[^1].Layer == i && state[^1].Range.End == tensor.Offset)
                    state[^1] = (state[^1].Range with { Length = state[^1].Range.Length + tensor.Length }, i);
                else state.Add((new ParameterRange(tensor.Offset, tensor.Length), i));
            }
        return state.ToArray();
    }
}
