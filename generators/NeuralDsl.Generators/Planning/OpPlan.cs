using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// What every planned pass has. <see cref="Name"/> is Keras's layer name (<c>dense_1</c>), <see cref="MemberName"/> the
/// PascalCase name of its C# members (<c>Dense1</c>), <see cref="Description"/> the layer as written with its activation.
/// A pass runs backward when it owns parameters or when a layer before it does (<see cref="NeedsInputGradient"/>).
/// <see cref="Trainable"/> is how the layer starts (false for a frozen layer with weights); the model can change it at
/// run time, so the passes check it when they run. <see cref="Index"/> is the layer's position among the model's layers
/// (as the runtime's <c>ModelInfo.Layers</c> lists them).
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
    int Index);

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

    /// <summary>The layer type as Keras's summary shows it: Dense, Dropout, Activation.</summary>
    public abstract string Type { get; }

    public int ParameterCount => Tensors.Sum(tensor => tensor.Length);

    /// <summary>A parameter-free prefix of the model is skipped backward.</summary>
    public bool RunsBackward => ParameterCount > 0 || NeedsInputGradient;

    /// <summary><c>dense Dense(128, relu) 784 → 128</c>; a shape-preserving layer shows no arrow.</summary>
    public string Summary => Name + " " + Description + (Input == Output ? "" : " " + Input + " \u2192 " + Output);

    public abstract T Accept<T>(IOpVisitor<T> visitor);
}
