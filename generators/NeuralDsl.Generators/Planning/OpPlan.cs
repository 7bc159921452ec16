using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// What every planned pass has. <see cref="Name"/> is Keras's layer name (<c>dense_1</c>), <see cref="MemberName"/> the
/// PascalCase name of its C# members (<c>Dense1</c>), <see cref="Description"/> the layer as written with its activation.
/// A pass runs backward when it owns weights or when a layer upstream of it does (<see cref="NeedsInputGradient"/>).
/// <see cref="Trainable"/> is how the layer starts (false for a frozen layer with weights); the model can change it at
/// run time, so the passes check it when they run. <see cref="Index"/> is the layer's position among the model's layers
/// (as the runtime's <c>ModelInfo.Layers</c> lists them); <see cref="Producers"/> the indices of the layers it reads (-1
/// for the model input), its main input first.
/// </summary>
internal sealed record OpCommon(
    string Name,
    string MemberName,
    string Description,
    Shape Input,
    Shape Output,
    EquatableArray<TensorPlan> Tensors,
    bool NeedsInputGradient,
    OpBuffers Buffers,
    bool Trainable,
    int Index,
    EquatableArray<int> Producers);

/// <summary>One planned layer pass: its <see cref="OpCommon"/> facts and, in the subclass, what its kind adds.</summary>
internal abstract record OpPlan(OpCommon Common)
{
    public string Name => Common.Name;

    public string MemberName => Common.MemberName;

    public string Description => Common.Description;

    public Shape Input => Common.Input;

    public Shape Output => Common.Output;

    public EquatableArray<TensorPlan> Tensors => Common.Tensors;

    public bool NeedsInputGradient => Common.NeedsInputGradient;

    public OpBuffers Buffers => Common.Buffers;

    public bool Trainable => Common.Trainable;

    public int Index => Common.Index;

    public EquatableArray<int> Producers => Common.Producers;

    /// <summary>The layer type as Keras's summary shows it: Dense, Dropout, Activation.</summary>
    public abstract string Type { get; }

    /// <summary>Every value the layer owns in the parameter buffer, state included (Keras's "Param #").</summary>
    public int ParameterCount => Tensors.Sum(tensor => tensor.Length);

    /// <summary>Whether the layer owns weights an optimizer steps.</summary>
    public bool HasWeights => Tensors.Any(tensor => tensor.Role == TensorRole.Weight);

    /// <summary>Layers with no weights at or upstream of them are skipped backward.</summary>
    public bool RunsBackward => HasWeights || NeedsInputGradient;

    /// <summary>Inputs feeding one output value and outputs fed by one input value, as Keras's initializers count them.</summary>
    public virtual int FanIn => 1;

    /// <inheritdoc cref="FanIn"/>
    public virtual int FanOut => 1;

    /// <summary><c>dense Dense(128, relu) 784 → 128</c>; a shape-preserving layer shows no arrow.</summary>
    public string Summary => Name + " " + Description + (Input == Output ? "" : " " + Input + " \u2192 " + Output);

    public abstract T Accept<T>(IOpVisitor<T> visitor);
}
