namespace NeuralDsl.Generators.Tests.Diagnostics;

/// <summary>At least one case per NDSL id.</summary>
public static class DiagnosticCases
{
    private static string Model(string body) => "using NeuralDsl;\n\nnamespace Cases;\n\n" + body + "\n";

    public static readonly DiagnosticCase[] All =
    [
        new("NDSL001", Model("""
            [Model] // error
            [Input(4)]
            [Dense(1)]
            public class NotPartial;
            """), "Model class 'NotPartial' must be declared partial", "partial class NotPartial"),

        new("NDSL002", Model("""
            public class Outer
            {
                [Model] // error
                [Input(4)]
                [Dense(1)]
                public partial class Inner;
            }
            """), "'Inner' is nested in 'Outer', which is not partial"),

        new("NDSL003", Model("""
            [Model] // error
            [Input(4)]
            [Dense(1)]
            public partial class Generic<T>;
            """), "'Generic<T>' has type parameters"),

        new("NDSL004", Model("""
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(28, 28, 1)]
            [Dense(10, Activation.Softmax)] // error
            public partial class NoFlatten;
            """), "Dense(10) needs a rank-1 input but receives 28×28×1 from Input; add [Flatten] before it"),

        new("NDSL004", Model("""
            [Model]
            [Input(4, 4, 2)]
            [Dropout(0.5)]
            [Dense(3)] // error
            public partial class NoFlattenAfterDropout;
            """), "Dense(3) needs a rank-1 input but receives 4×4×2 from Dropout; add [Flatten] before it"),

        new("NDSL005", Model("""
            [Model] // error
            [Dense(10)]
            public partial class NoInput;
            """), "Model 'NoInput' has no [Input]"),

        new("NDSL006", Model("""
            [Model]
            [Input(4)]
            [Input(8)] // error
            [Dense(1)]
            public partial class TwoInputs;
            """), "Input(8) is a second input of model 'TwoInputs', which already has Input(4)"),

        new("NDSL007", Model("""
            [Model]
            [Dense(3)] // error
            [Input(4)]
            [Dense(1)]
            public partial class LayerFirst;
            """), "Dense(3) comes before Input(4)"),

        new("NDSL008", Model("""
            [Model]
            [Input(28, 28)] // error
            [Dense(1)]
            public partial class TwoDimensions;
            """), "Input(28, 28) is not a valid input shape", "not 2"),

        new("NDSL008", Model("""
            [Model]
            [Input(28, 0, 1)] // error
            [Dropout(0.1)]
            public partial class ZeroWidth;
            """), "Input(28, 0, 1) is not a valid input shape", "the width is 0"),

        new("NDSL008", Model("""
            [Model]
            [Input] // error
            [Dense(1)]
            public partial class NoDimensions;
            """), "Input() is not a valid input shape", "not 0"),

        new("NDSL009", Model("""
            [Model]
            [Input(4)]
            [Dense(0)] // error
            public partial class NoUnits;
            """), "Dense(0) must have at least one unit, but has 0"),

        new("NDSL009", Model("""
            [Model]
            [Input(4)]
            [Dense(-3, Activation.Relu)] // error
            [Dense(1)]
            public partial class NegativeUnits;
            """), "Dense(-3)", "has -3"),

        new("NDSL010", Model("""
            [Model]
            [Input(4)]
            [Dense(8)]
            [Dropout(1.5)] // error
            [Dense(1)]
            public partial class RateTooHigh;
            """), "Dropout(1.5): the rate 1.5 is outside [0, 1)"),

        new("NDSL010", Model("""
            [Model]
            [Input(4)]
            [Dropout(1.0)] // error
            [Dense(1)]
            public partial class RateOne;
            """), "Dropout(1): the rate 1 is outside [0, 1)"),

        new("NDSL010", Model("""
            [Model]
            [Input(4)]
            [Dropout(-0.1)] // error
            [Dense(1)]
            public partial class NegativeRate;
            """), "Dropout(-0.1)", "-0.1"),

        new("NDSL011", Model("""
            [Model]
            [Input(4, 4, 2)]
            [Activation(Activation.Softmax)] // error
            public partial class ImageSoftmax;
            """), "Activation(softmax) applies softmax to 4×4×2 from Input", "add [Flatten] before it"),

        new("NDSL012", Model("""
            [Model(Loss = Loss.CategoricalCrossentropy)] // error
            [Input(4)]
            [Dense(1, Activation.Sigmoid)]
            public partial class OneClass;
            """), "Loss.CategoricalCrossentropy does not fit the output 1 of Dense(1, sigmoid)", "Loss.BinaryCrossentropy"),

        new("NDSL012", Model("""
            [Model(Loss = Loss.SparseCategoricalCrossentropy)] // error
            [Input(4)]
            [Dense(1)]
            public partial class OneSparseClass;
            """), "Loss.SparseCategoricalCrossentropy does not fit the output 1 of Dense(1)"),

        new("NDSL012", Model("""
            [Model(Loss = Loss.BinaryCrossentropy)] // error
            [Input(4)]
            [Dense(3, Activation.Softmax)]
            [Dropout(0.2)]
            public partial class BinaryOnSoftmax;
            """), "Loss.BinaryCrossentropy does not fit the output 3 of Dense(3, softmax)", "softmax outputs compete"),

        new("NDSL013", Model("""
            [Model]
            [Input(4)]
            [Dense(1, Activation.Softmax)] // error
            public partial class SoftmaxOfOne;
            """), "Dense(1, softmax) applies softmax over a single unit (shape 1)", "Activation.Sigmoid"),

        new("NDSL013", Model("""
            [Model]
            [Input(4)]
            [Dense(1)]
            [Activation(Activation.Softmax)] // error
            public partial class SoftmaxLayerOfOne;
            """), "Activation(softmax) applies softmax over a single unit (shape 1)"),

        new("NDSL014", Model("""
            [Model]
            [Input(4)]
            [Dense(2, (Activation)42)] // error
            public partial class UnknownActivation;
            """), "Dense(2): Activation = (Activation)42 is not a defined Activation value"),

        new("NDSL014", Model("""
            [Model]
            [Input(4)]
            [Dense(2, KernelInitializer = (Initializer)9)] // error
            public partial class UnknownInitializer;
            """), "Dense(2): KernelInitializer = (Initializer)9 is not a defined Initializer value"),

        new("NDSL014", Model("""
            [Model(Loss = (Loss)7)] // error
            [Input(4)]
            [Dense(2)]
            public partial class UnknownLoss;
            """), "Model: Loss = (Loss)7 is not a defined Loss value"),

        new("NDSL014", Model("""
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = (Regularizer)5)] // error
            public partial class UnknownRegularizer;
            """), "KernelRegularizer = (Regularizer)5 is not a defined Regularizer value"),

        new("NDSL014", Model("""
            [Model]
            [Input(4)]
            [Activation((Activation)(-1))] // error
            public partial class UnknownActivationLayer;
            """), "Activation((Activation)-1): activation = (Activation)-1"),

        new("NDSL014", Model("""
            [Model(Metrics = (Metric)8)] // error
            [Input(4)]
            [Dense(2)]
            public partial class UnknownMetric;
            """), "Metrics = (Metric)8 is not a defined Metric value"),

        new("NDSL015", Model("""
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.L2, L2 = -0.5)] // error
            public partial class NegativeL2;
            """), "Dense(2): L2 = -0.5 is not a valid regularization factor"),

        new("NDSL015", Model("""
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.L1L2, L1 = double.PositiveInfinity)] // error
            public partial class InfiniteL1;
            """), "Dense(2): L1 = Infinity is not a valid regularization factor"),

        new("NDSL016", Model("""
            [Model] // error
            [Input(4)]
            public partial class OnlyInput;
            """), "Model 'OnlyInput' has no layer after Input(4)"),

        new("NDSL017", Model("""
            [Dense(4)] // error
            public partial class NoModel;
            """), "Dense(4) is on class 'NoModel', which has no [Model] attribute"),

        new("NDSL018", Model("""
            [Model] // error
            [Input(4)]
            [Dense(1)]
            public abstract partial class AbstractModel;
            """), "'AbstractModel' is abstract"),

        new("NDSL018", Model("""
            public class Base;

            [Model] // error
            [Input(4)]
            [Dense(1)]
            public partial class Derived : Base;
            """), "'Derived' derives from 'Base'"),

        new("NDSL018", Model("""
            [Model] // error
            [Input(4)]
            [Dense(1)]
            public partial record RecordModel;
            """), "'RecordModel' is a record"),
    ];

    /// <summary>(id, index into <see cref="All"/>): serializable, so each case is its own test.</summary>
    public static TheoryData<string, int> Data()
    {
        var data = new TheoryData<string, int>();
        for (int i = 0; i < All.Length; i++) data.Add(All[i].Id, i);
        return data;
    }
}
