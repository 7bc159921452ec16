namespace NeuralDsl.Generators.Tests.Diagnostics;

/// <summary>At least one case per NDSL id.</summary>
public static class DiagnosticCases
{
    private static string Model(string body) => "using NeuralDsl;\n\nnamespace Cases;\n\n" + body + "\n";

    /// <summary>A valid model the [Reuse] cases reuse (the error line is counted in the whole source).</summary>
    private const string ReusableBase = """
        [Model]
        [Input(4)]
        [Dense(8, Activation.Relu)]
        [Dense(1)]
        public partial class Base;

        """;

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

        new("NDSL015", Model("""
            [Model]
            [Input(4)]
            [Dense(2, L2 = -0.5)] // error
            public partial class NegativeL2WithoutKind;
            """), "Dense(2): L2 = -0.5 is not a valid regularization factor"),

        new("NDSL015", Model("""
            [Model]
            [Input(4)]
            [Dense(2, L1 = double.NaN, L2 = 0.5)] // error
            public partial class NaNL1BesideL2;
            """), "Dense(2): L1 = NaN is not a valid regularization factor"),

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

        new("NDSL004", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3)]
            [Dense(2)] // error
            public partial class ConvIntoDense;
            """), "Dense(2) needs a rank-1 input but receives 6×6×4 from Conv2D; add [Flatten] before it"),

        new("NDSL011", Model("""
            [Model]
            [Input(6, 6, 1)]
            [Conv2D(4, 3, Activation.Softmax)] // error
            [Flatten]
            [Dense(2)]
            public partial class ConvSoftmax;
            """), "Conv2D(4, 3, softmax) applies softmax to 4×4×4 from Conv2D", "add [Flatten] before it"),

        new("NDSL014", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, Padding = (Padding)3)] // error
            [Flatten]
            [Dense(1)]
            public partial class UnknownConvPadding;
            """), "Conv2D(4, 3): Padding = (Padding)3 is not a defined Padding value"),

        new("NDSL014", Model("""
            [Model]
            [Input(8, 8, 1)]
            [MaxPooling2D(2, Padding = (Padding)(-1))] // error
            [Flatten]
            [Dense(1)]
            public partial class UnknownPoolPadding;
            """), "MaxPooling2D(2): Padding = (Padding)-1 is not a defined Padding value"),

        new("NDSL014", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, (Activation)12, BiasInitializer = Initializer.Ones)] // error
            [Flatten]
            [Dense(1)]
            public partial class UnknownConvActivation;
            """), "Conv2D(4, 3): Activation = (Activation)12 is not a defined Activation value"),

        new("NDSL014", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, KernelInitializer = (Initializer)20)] // error
            [Flatten]
            [Dense(1)]
            public partial class UnknownConvInitializer;
            """), "Conv2D(4, 3): KernelInitializer = (Initializer)20 is not a defined Initializer value"),

        new("NDSL015", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 2, 3, KernelRegularizer = Regularizer.L1, L1 = -0.01)] // error
            [Flatten]
            [Dense(1)]
            public partial class NegativeConvL1;
            """), "Conv2D(4, 2, 3): L1 = -0.01 is not a valid regularization factor"),

        new("NDSL019", Model("""
            [Model]
            [Input(6, 6, 16)]
            [MaxPooling2D(2)]
            [Conv2D(8, 5)] // error
            [Flatten]
            [Dense(1)]
            public partial class KernelTooLarge;
            """), "Conv2D(8, 5) needs at least a 5×5 input but receives 3×3×16 from MaxPooling2D", "Padding = Padding.Same"),

        new("NDSL019", Model("""
            [Model]
            [Input(8, 3, 2)]
            [AveragePooling2D(2, 4)] // error
            [Flatten]
            [Dense(1)]
            public partial class PoolTooWide;
            """), "AveragePooling2D(2, 4) needs at least a 2×4 input but receives 8×3×2 from Input"),

        new("NDSL020", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(0, 3)] // error
            [Flatten]
            [Dense(1)]
            public partial class NoFilters;
            """), "Conv2D(0, 3): the filter count is 0, but it must be positive"),

        new("NDSL020", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, -1)] // error
            [Flatten]
            [Dense(1)]
            public partial class NegativeKernelWidth;
            """), "Conv2D(4, 3, -1): the kernel width is -1, but it must be positive"),

        new("NDSL020", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, Strides = 0)] // error
            [Flatten]
            [Dense(1)]
            public partial class ZeroStride;
            """), "Conv2D(4, 3): Strides is 0, but it must be positive"),

        new("NDSL020", Model("""
            [Model]
            [Input(8, 8, 1)]
            [MaxPooling2D(0)] // error
            [Flatten]
            [Dense(1)]
            public partial class NoPool;
            """), "MaxPooling2D(0): the pool size is 0, but it must be positive"),

        new("NDSL020", Model("""
            [Model]
            [Input(8, 8, 1)]
            [AveragePooling2D(2, Strides = -2)] // error
            [Flatten]
            [Dense(1)]
            public partial class NegativePoolStride;
            """), "AveragePooling2D(2): Strides is -2, but it must be positive, or 0 for the pool size"),

        new("NDSL021", Model("""
            [Model]
            [Input(784)]
            [Dense(128)]
            [MaxPooling2D(2)] // error
            [Dense(10)]
            public partial class PoolOnVector;
            """), "MaxPooling2D(2) needs a rank-3 input (height × width × channels) but receives 128 from Dense"),

        new("NDSL021", Model("""
            [Model]
            [Input(28, 28, 1)]
            [Flatten]
            [Conv2D(8, 3)] // error
            [Dense(10)]
            public partial class ConvAfterFlatten;
            """), "Conv2D(8, 3) needs a rank-3 input (height × width × channels) but receives 784 from Flatten"),

        new("NDSL022", Model("""
            [Model]
            [Input(1000, 1000, 3)]
            [Conv2D(5000, 1, Padding = Padding.Same)] // error
            [Flatten]
            [Dense(1)]
            public partial class HugeOutput;
            """), "Conv2D(5000, 1) turns 1000×1000×3 from Input into 1000×1000×5000, but one row would hold 5000000000 values, more than 2147483647"),

        new("NDSL022", Model("""
            [Model]
            [Input(2, 2, 50000)]
            [Conv2D(50000, 1)] // error
            [Flatten]
            [Dense(1)]
            public partial class HugeKernel;
            """), "Conv2D(50000, 1) turns 2×2×50000 from Input into 2×2×50000, but its kernel would hold 2500000000 weights"),
        new("NDSL023", Model("""
            [Model]
            [Input(4)]
            [Dense(8, Name = "hidden")]
            [Dense(1, Name = "hidden")] // error
            public partial class SameNames;
            """), "Dense(1): the name 'hidden' is already the name of Dense(8); layer names must be unique"),

        new("NDSL024", Model("""
            [Model] // error
            [Input(4)]
            [Dense(8, Trainable = false)]
            [Dense(1, Trainable = false)]
            public partial class AllFrozen;
            """), "Model 'AllFrozen' has nothing to train: every layer with weights is frozen (dense, dense_1)"),

        new("NDSL024", Model(ReusableBase + """
            [Model] // error
            [Reuse(typeof(Base), Trainable = false)]
            public partial class FrozenCopy;
            """), "Model 'FrozenCopy' has nothing to train: every layer with weights is frozen (dense, dense_1)"),

        new("NDSL025", Model(ReusableBase + """
            [Model]
            [Reuse(typeof(Base), Through = "dense_7")] // error
            [Dense(2)]
            public partial class Head;
            """), "Reuse(typeof(Base)): Base has no layer named 'dense_7'; its layers are dense, dense_1"),

        new("NDSL026", Model("""
            public partial class NotAModel;

            [Model]
            [Reuse(typeof(NotAModel))] // error
            [Dense(2)]
            public partial class Head;
            """), "Reuse(typeof(NotAModel)): 'NotAModel' is not a model (it has no [Model] attribute)"),

        new("NDSL027", Model("""
            [Model]
            [Reuse(typeof(SelfReuse))] // error
            [Dense(2)]
            public partial class SelfReuse;
            """), "reusing 'SelfReuse' makes a cycle (SelfReuse → SelfReuse)"),

        new("NDSL028", Model(ReusableBase + """
            [Model]
            [Reuse(typeof(Base))]
            [Input(4)] // error
            [Dense(2)]
            public partial class Head;
            """), "Input(4) conflicts with Reuse(typeof(Base)): the model takes Base's input; remove Input(4)"),

        new("NDSL029", Model(ReusableBase + """
            [Model]
            [Flatten]
            [Reuse(typeof(Base))] // error
            [Dense(2)]
            public partial class Head;
            """), "Reuse(typeof(Base)) must be the first layer attribute, but Flatten comes before it"),

        new("NDSL030", Model("""
            [Model]
            [Input(4)]
            [Dense(8, Name = "Hidden Layer")] // error
            [Dense(1)]
            public partial class BadName;
            """), "Dense(8): 'Hidden Layer' is not a valid layer name"),

        new("NDSL031", Model("""
            [Model]
            [Input(4)]
            [Dense(2, Activation.Relu, KernelRegularizer = Regularizer.L1, L2 = 0.5)] // error
            [Dense(1)]
            public partial class L2BesideL1;
            """), "Dense(2): L2 = 0.5 has no effect with KernelRegularizer = Regularizer.L1, which uses only L1",
            "write KernelRegularizer = Regularizer.L1L2 to apply it, or remove L2"),

        new("NDSL031", Model("""
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.L2, L1 = 0.1, L2 = 0.5)] // error
            public partial class L1BesideL2;
            """), "Dense(2): L1 = 0.1 has no effect with KernelRegularizer = Regularizer.L2, which uses only L2",
            "write KernelRegularizer = Regularizer.L1L2 to apply it, or remove L1"),

        new("NDSL031", Model("""
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.None, L1 = 0.1)] // error
            public partial class L1WithoutRegularizer;
            """), "Dense(2): L1 = 0.1 has no effect with KernelRegularizer = Regularizer.None, which uses no factor",
            "write KernelRegularizer = Regularizer.L1 to apply it, or remove L1"),

        new("NDSL031", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, Activation.Relu, KernelRegularizer = Regularizer.None, L2 = 0.5)] // error
            [Flatten]
            [Dense(1)]
            public partial class ConvL2WithoutRegularizer;
            """), "Conv2D(4, 3): L2 = 0.5 has no effect with KernelRegularizer = Regularizer.None, which uses no factor",
            "write KernelRegularizer = Regularizer.L2 to apply it, or remove L2"),

        new("NDSL004", Model("""
            [Model]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, Activation.Relu)]
            public partial class ConvBase;

            [Model]
            [Reuse(typeof(ConvBase), Trainable = false)]
            [Dense(3, Activation.Softmax)] // error
            public partial class DenseOnConv;
            """), "Dense(3) needs a rank-1 input but receives 6×6×4 from Conv2D; add [Flatten] before it"),
        new("NDSL032", Model("""
            [Model]
            [Input(4)]
            [Dense(3, Name = "a")]
            [Dense(2, From = "b")] // error
            public partial class UnknownFrom;
            """), "Dense(2) reads 'b' (From), but no layer before it is named 'b'; the names it can read are: a"),

        new("NDSL032", Model("""
            [Model]
            [Input(6, 6, 2, Name = "image")]
            [Conv2D(2, 3, Padding = Padding.Same)]
            [Add("stem")] // error
            [Flatten]
            [Dense(2)]
            public partial class UnknownAdded;
            """), "Add(\"stem\") reads 'stem' (Add), but no layer before it is named 'stem'; the names it can read are: image (the input), conv2d"),

        new("NDSL033", Model("""
            [Model]
            [Input(4)]
            [Dense(3, From = "later")] // error
            [Dense(2, Name = "later")]
            public partial class ReadsLater;
            """), "Dense(3) reads 'later' (From), but 'later' is Dense(2), written after it"),

        new("NDSL034", Model("""
            [Model]
            [Input(8, 8, 3)]
            [Conv2D(4, 3, Padding = Padding.Same, Name = "stem")]
            [Conv2D(8, 3, Strides = 2, Padding = Padding.Same)]
            [Add("stem")] // error
            [Flatten]
            [Dense(2)]
            public partial class AddUnequal;
            """), "Add(\"stem\") adds 4×4×8 from 'conv2d' and 8×8×4 from 'stem', but every input must have the same shape",
            "to add 'stem', project it first: [Conv2D(8, 1, Strides = 2, Padding = Padding.Same, From = \"stem\", Name = \"stem_projection\")]"),

        new("NDSL035", Model("""
            [Model]
            [Input(8, 8, 3, Name = "image")]
            [Conv2D(4, 3, Name = "valid")]
            [Conv2D(2, 1, From = "image")]
            [Concatenate("valid")] // error
            [GlobalAveragePooling2D]
            [Dense(2)]
            public partial class ConcatenateUnequal;
            """), "Concatenate(\"valid\") joins 8×8×2 from 'conv2d' and 6×6×4 from 'valid' on the last axis"),

        new("NDSL036", Model("""
            [Model]
            [Input(4)]
            [Dense(3)]
            [BatchNormalization(Momentum = 1.5)] // error
            [Dense(2)]
            public partial class MomentumOutOfRange;
            """), "BatchNormalization: Momentum is 1.5, but it must be in [0, 1]"),

        new("NDSL036", Model("""
            [Model]
            [Input(8, 8, 1)]
            [RandomTranslation(0.1, 2)] // error
            [Flatten]
            [Dense(2)]
            public partial class TranslationOutOfRange;
            """), "RandomTranslation(0.1, 2): the width factor is 2, but it must be in [0, 1]"),

        new("NDSL036", Model("""
            [Model]
            [Input(8, 8, 1)]
            [ZeroPadding2D(1, -1)] // error
            [Flatten]
            [Dense(2)]
            public partial class NegativePadding;
            """), "ZeroPadding2D(1, -1): the width padding is -1, but it must be 0 or more"),

        new("NDSL021", Model("""
            [Model]
            [Input(16)]
            [GlobalAveragePooling2D] // error
            [Dense(2)]
            public partial class GlobalPoolingOnVector;
            """), "GlobalAveragePooling2D needs a rank-3 input (height × width × channels) but receives 16 from Input"),

        new("NDSL021", Model("""
            [Model]
            [Input(16)]
            [RandomFlip] // error
            [Dense(2)]
            public partial class FlipOnVector;
            """), "RandomFlip(Flip.HorizontalAndVertical) needs a rank-3 input"),

        new("NDSL037", Model("""
            [Model]
            [Input(4, Name = "x")]
            [Dense(3, Name = "unused")] // error
            [Dense(2, From = "x")]
            public partial class DeadBranch;
            """), "Dense(3) 'unused' is read by no later layer, so it cannot affect the model's output ('dense', the last layer)"),

        new("NDSL038", Model("""
            public sealed class BatchNormalizationAttribute : System.Attribute { }

            [Model]
            [Input(4)]
            [Dense(3)]
            [BatchNormalization] // error
            [Dense(2)]
            public partial class ForeignAttribute;
            """), "[BatchNormalization] (Cases.BatchNormalizationAttribute) stands among the model's layer attributes but is not a NeuralDsl layer"),
        new("NDSL039", Model("""
            [Block]
            [Conv2D(2, 3, Strides = 2, Padding = Padding.Same)]
            public static class Shrinks;

            [Model]
            [Input(16, 16, 4)]
            [Repeat(typeof(Shrinks), 3, Filters = 4)] // error
            [Flatten]
            [Dense(2)]
            public partial class RepeatsAShrinkingBlock;
            """), "Repeat(typeof(Shrinks), 3) repeats a block that turns 16×16×4 into 8×8×8, so its next instance would receive another shape"),

        new("NDSL040", Model("""
            public static class NotABlock;

            [Model]
            [Input(4)]
            [Repeat(typeof(NotABlock))] // error
            [Dense(2)]
            public partial class RepeatsAPlainClass;
            """), "Repeat(typeof(NotABlock)): 'NotABlock' has no [Block] attribute"),

        new("NDSL040", Model("""
            [Block]
            [Input(4)]
            [Dense(4)]
            public static class BlockWithInput;

            [Model]
            [Input(4)]
            [Repeat(typeof(BlockWithInput))] // error
            [Dense(2)]
            public partial class RepeatsABlockWithInput;
            """), "'BlockWithInput' declares Input(4); a block reads the output of the layer before its Repeat"),

        new("NDSL036", Model("""
            [Block]
            [Dense(1)]
            public static class Unit;

            [Model]
            [Input(4)]
            [Repeat(typeof(Unit), 0)] // error
            [Dense(2)]
            public partial class RepeatsNothing;
            """), "Repeat(typeof(Unit), 0): Times is 0, but it must be 1 or more"),
    ];

    /// <summary>(id, index into <see cref="All"/>): serializable, so each case is its own test.</summary>
    public static TheoryData<string, int> Data()
    {
        var data = new TheoryData<string, int>();
        for (int i = 0; i < All.Length; i++) data.Add(All[i].Id, i);
        return data;
    }
}
