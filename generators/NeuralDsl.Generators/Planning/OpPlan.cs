using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// One planned layer pass. <see cref="Name"/> is Keras's layer name (<c>dense_1</c>), <see cref="MemberName"/> the
/// PascalCase name of its C# members (<c>Dense1</c>). A pass runs backward when it owns parameters or when a layer
/// before it does (<see cref="NeedsInputGradient"/>); a parameter-free prefix is skipped.
/// </summary>
internal abstract record OpPlan(
    string Name,
    string MemberName,
    string Description,
    Shape Input,
    Shape Output,
    EquatableArray<TensorPlan> Tensors,
    bool NeedsInputGradient,
    OpBuffers Buffers)
{
    /// <summary>The layer type as Keras's summary shows it: Dense, Dropout, Activation.</summary>
    public abstract string Type { get; }

    public int ParameterCount => Tensors.Sum(tensor => tensor.Length);

    public bool RunsBackward => ParameterCount > 0 || NeedsInputGradient;

    /// <summary><c>dense Dense(128, relu) 784 → 128</c>; a shape-preserving layer shows no arrow.</summary>
    public string Summary => Name + " " + Description + (Input == Output ? "" : " " + Input + " \u2192 " + Output);

    public abstract T Accept<T>(IOpVisitor<T> visitor);
}
