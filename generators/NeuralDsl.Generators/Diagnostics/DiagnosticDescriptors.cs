using Microsoft.CodeAnalysis;

namespace NeuralDsl.Generators.Diagnostics;

/// <summary>
/// Every NeuralDsl compile-time check. Ids are stable: never renumber, only append (and list new ids in
/// AnalyzerReleases.Unshipped.md until they ship). Each is an error on the attribute that causes it,
/// and each message names the layer and the shapes or values involved.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NeuralDsl";

    /// <summary>NDSL001: {0} class name.</summary>
    public static readonly DiagnosticDescriptor ModelNotPartial = Error(
        "NDSL001", "Model class must be partial",
        "Model class '{0}' must be declared partial so that the generator can add its layers' code: write 'partial class {0}'");

    /// <summary>NDSL002: {0} class name, {1} containing type.</summary>
    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "NDSL002", "Type containing a model must be partial",
        "Model class '{0}' is nested in '{1}', which is not partial; declare '{1}' partial as well");

    /// <summary>NDSL003: {0} class name with its type parameters.</summary>
    public static readonly DiagnosticDescriptor GenericModel = Error(
        "NDSL003", "Model class cannot be generic",
        "Model class '{0}' has type parameters; a NeuralDsl model cannot be generic because its sizes are fixed at compile time");

    /// <summary>NDSL004: {0} layer, {1} received shape, {2} producing layer.</summary>
    public static readonly DiagnosticDescriptor DenseNeedsVector = Error(
        "NDSL004", "Dense needs a rank-1 input",
        "{0} needs a rank-1 input but receives {1} from {2}; add [Flatten] before it");

    /// <summary>NDSL005: {0} class name.</summary>
    public static readonly DiagnosticDescriptor MissingInput = Error(
        "NDSL005", "Model has no input",
        "Model '{0}' has no [Input]; declare the shape of one input row before the layers, e.g. [Input(784)] or [Input(28, 28, 1)]");

    /// <summary>NDSL006: {0} extra input, {1} class name, {2} first input.</summary>
    public static readonly DiagnosticDescriptor DuplicateInput = Error(
        "NDSL006", "Model has several inputs",
        "{0} is a second input of model '{1}', which already has {2}; a sequential model has exactly one [Input]");

    /// <summary>NDSL007: {0} layer, {1} the input.</summary>
    public static readonly DiagnosticDescriptor LayerBeforeInput = Error(
        "NDSL007", "Layer declared before the input",
        "{0} comes before {1}; declare [Input] first, the layers follow it in source order");

    /// <summary>NDSL008: {0} input, {1} reason.</summary>
    public static readonly DiagnosticDescriptor InvalidInputShape = Error(
        "NDSL008", "Invalid input shape",
        "{0} is not a valid input shape: {1}");

    /// <summary>NDSL009: {0} layer, {1} units.</summary>
    public static readonly DiagnosticDescriptor NonPositiveUnits = Error(
        "NDSL009", "Dense needs a positive number of units",
        "{0} must have at least one unit, but has {1}");

    /// <summary>NDSL010: {0} layer, {1} rate.</summary>
    public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error(
        "NDSL010", "Dropout rate outside [0, 1)",
        "{0}: the rate {1} is outside [0, 1); it is the fraction of values dropped during training, e.g. Dropout(0.3)");

    /// <summary>NDSL011: {0} layer, {1} received shape, {2} producing layer.</summary>
    public static readonly DiagnosticDescriptor SoftmaxNeedsVector = Error(
        "NDSL011", "Softmax needs a rank-1 input",
        "{0} applies softmax to {1} from {2}, but softmax is row-wise over a rank-1 vector; add [Flatten] before it");

    /// <summary>NDSL012: {0} loss, {1} output shape, {2} last layer, {3} reason.</summary>
    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error(
        "NDSL012", "Loss does not fit the model's output",
        "{0} does not fit the output {1} of {2}: {3}");

    /// <summary>NDSL013: {0} layer, {1} shape.</summary>
    public static readonly DiagnosticDescriptor SoftmaxOnOneUnit = Error(
        "NDSL013", "Softmax over a single unit",
        "{0} applies softmax over a single unit (shape {1}), which always outputs 1; use Activation.Sigmoid for one probability");

    /// <summary>NDSL014: {0} attribute, {1} property, {2} value as written, {3} enum type.</summary>
    public static readonly DiagnosticDescriptor UndefinedOption = Error(
        "NDSL014", "Option does not exist",
        "{0}: {1} = {2} is not a defined {3} value");

    /// <summary>NDSL015: {0} layer, {1} property, {2} value.</summary>
    public static readonly DiagnosticDescriptor InvalidRegularizationFactor = Error(
        "NDSL015", "Invalid regularization factor",
        "{0}: {1} = {2} is not a valid regularization factor; it must be finite and non-negative");

    /// <summary>NDSL016: {0} class name, {1} the input.</summary>
    public static readonly DiagnosticDescriptor NoLayers = Error(
        "NDSL016", "Model has no layers",
        "Model '{0}' has no layer after {1}; add at least one layer, e.g. [Dense(10, Activation.Softmax)]");

    /// <summary>NDSL017: {0} layer, {1} class name.</summary>
    public static readonly DiagnosticDescriptor LayerWithoutModel = Error(
        "NDSL017", "Layer attribute on a class without [Model]",
        "{0} is on class '{1}', which has no [Model] attribute; add [Model] to generate the network, or remove the layer attributes");

    /// <summary>NDSL018: {0} class name, {1} what is wrong ("is a record", "derives from 'Foo'").</summary>
    public static readonly DiagnosticDescriptor InvalidModelClass = Error(
        "NDSL018", "Unsupported kind of model class",
        "Model class '{0}' {1}; a model must be a non-static, non-abstract, non-record partial class without a base class, because the generator derives it from NeuralDsl.SequentialModel");

    /// <summary>NDSL019: {0} layer, {1} window (height × width), {2} received shape, {3} producing layer.</summary>
    public static readonly DiagnosticDescriptor WindowLargerThanInput = Error(
        "NDSL019", "Window larger than its input",
        "{0} needs at least a {1} input but receives {2} from {3}; use a smaller window, or Padding = Padding.Same to pad the border");

    /// <summary>NDSL020: {0} layer, {1} what ("the filter count", "the kernel size", "Strides"), {2} value, {3} what it must be.</summary>
    public static readonly DiagnosticDescriptor NonPositiveWindow = Error(
        "NDSL020", "Filters, window or stride not positive",
        "{0}: {1} is {2}, but it must be {3}");

    /// <summary>NDSL021: {0} layer, {1} received shape, {2} producing layer.</summary>
    public static readonly DiagnosticDescriptor WindowNeedsImage = Error(
        "NDSL021", "Layer needs an image input",
        "{0} needs a rank-3 input (height \u00D7 width \u00D7 channels) but receives {1} from {2}");

    /// <summary>NDSL022: {0} layer, {1} received shape, {2} producing layer, {3} output shape it would produce, {4} the limit.</summary>
    public static readonly DiagnosticDescriptor InvalidOutputSize = Error(
        "NDSL022", "Layer output has no values or too many",
        "{0} turns {1} from {2} into {3}, but {4}");

    /// <summary>NDSL023: {0} layer, {1} the name, {2} the layer that has it already.</summary>
    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "NDSL023", "Two layers share a name",
        "{0}: the name '{1}' is already the name of {2}; layer names must be unique in a model, as they name its weight tensors");

    /// <summary>NDSL024: {0} class name, {1} the frozen layers.</summary>
    public static readonly DiagnosticDescriptor NothingTrainable = Error(
        "NDSL024", "Every layer with weights is frozen",
        "Model '{0}' has nothing to train: every layer with weights is frozen ({1}); leave at least one trainable, e.g. a new head");

    /// <summary>NDSL025: {0} the reuse, {1} the reused class, {2} the name given, {3} the layers it has.</summary>
    public static readonly DiagnosticDescriptor ReuseThroughUnknown = Error(
        "NDSL025", "Reuse names no layer of the reused model",
        "{0}: {1} has no layer named '{2}'; its layers are {3}");

    /// <summary>NDSL026: {0} the reuse, {1} the type.</summary>
    public static readonly DiagnosticDescriptor ReuseNotModel = Error(
        "NDSL026", "Reused type is not a model",
        "{0}: '{1}' is not a model (it has no [Model] attribute); [Reuse] takes a class declared with [Model] and layer attributes");

    /// <summary>NDSL027: {0} the reuse, {1} the reused class, {2} the chain of reuses.</summary>
    public static readonly DiagnosticDescriptor ReuseCycle = Error(
        "NDSL027", "Models reuse each other in a cycle",
        "{0}: reusing '{1}' makes a cycle ({2}); a model cannot reuse itself, directly or through other models");

    /// <summary>NDSL028: {0} the reuse, {1} the reused class, {2} the [Input] written.</summary>
    public static readonly DiagnosticDescriptor ReuseWithInput = Error(
        "NDSL028", "Reuse with an input of its own",
        "{2} conflicts with {0}: the model takes {1}'s input; remove {2}");

    /// <summary>NDSL029: {0} the reuse, {1} the layer written before it.</summary>
    public static readonly DiagnosticDescriptor ReuseNotFirst = Error(
        "NDSL029", "Reuse is not the first layer attribute",
        "{0} must be the first layer attribute, but {1} comes before it");

    /// <summary>NDSL030: {0} layer, {1} the name.</summary>
    public static readonly DiagnosticDescriptor InvalidLayerName = Error(
        "NDSL030", "Layer name is not a valid name",
        "{0}: '{1}' is not a valid layer name; use lower-case letters, digits and underscores, starting with a letter (e.g. \"base_conv\"), as it names the layer's tensors and generated code");

    /// <summary>NDSL031: {0} layer, {1} factor, {2} its value, {3} the written regularizer, {4} the factors it uses ("only L1",
    /// "no factor"), {5} the regularizer that uses them all.</summary>
    public static readonly DiagnosticDescriptor IgnoredRegularizationFactor = Error(
        "NDSL031", "Regularization factor the regularizer does not use",
        "{0}: {1} = {2} has no effect with KernelRegularizer = {3}, which uses {4}; write KernelRegularizer = {5} to apply it, or remove {1}");

    /// <summary>NDSL032: {0} layer, {1} the name it reads, {2} how it reads it (From, Add, Concatenate), {3} the names before it.</summary>
    public static readonly DiagnosticDescriptor UnknownLayerReference = Error(
        "NDSL032", "Layer reads a name no layer has",
        "{0} reads '{1}' ({2}), but no layer before it is named '{1}'; the names it can read are: {3}");

    /// <summary>NDSL033: {0} layer, {1} the name it reads, {2} how it reads it, {3} the later layer.</summary>
    public static readonly DiagnosticDescriptor LaterLayerReference = Error(
        "NDSL033", "Layer reads a later layer",
        "{0} reads '{1}' ({2}), but '{1}' is {3}; a layer can read only the input and the layers written before it");

    /// <summary>NDSL034: {0} layer, {1} the inputs with their shapes, {2} a suggestion.</summary>
    public static readonly DiagnosticDescriptor AddShapesDiffer = Error(
        "NDSL034", "Add needs inputs of one shape",
        "{0} adds {1}, but every input must have the same shape{2}");

    /// <summary>NDSL035: {0} layer, {1} the inputs with their shapes.</summary>
    public static readonly DiagnosticDescriptor ConcatenateShapesDiffer = Error(
        "NDSL035", "Concatenate needs inputs that agree except on channels",
        "{0} joins {1} on the last axis, but the inputs must have the same rank and agree on every other axis");

    /// <summary>NDSL036: {0} layer, {1} option, {2} value, {3} the allowed range.</summary>
    public static readonly DiagnosticDescriptor OptionOutOfRange = Error(
        "NDSL036", "Option outside its range",
        "{0}: {1} is {2}, but it must be {3}");

    /// <summary>NDSL037: {0} layer, {1} its name, {2} the model's output layer.</summary>
    public static readonly DiagnosticDescriptor DeadBranch = Error(
        "NDSL037", "Layer output read by no layer",
        "{0} '{1}' is read by no later layer, so it cannot affect the model's output ('{2}', the last layer): read it with From, Add or Concatenate, or remove it");

    /// <summary>NDSL038: {0} the attribute as written, {1} its full type name.</summary>
    public static readonly DiagnosticDescriptor NotALayerAttribute = new DiagnosticDescriptor(
        "NDSL038", "Attribute among the layers is not a NeuralDsl layer",
        "[{0}] ({1}) stands among the model's layer attributes but is not a NeuralDsl layer, so the model does not include it; NeuralDsl's layers are the attributes in namespace NeuralDsl",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>NDSL039: {0} the Repeat, {1} the block's input shape, {2} its output shape.</summary>
    public static readonly DiagnosticDescriptor BlockCannotRepeat = Error(
        "NDSL039", "Block cannot repeat",
        "{0} repeats a block that turns {1} into {2}, so its next instance would receive another shape; repeat only a block whose output has its input's shape (use the block that changes it once, then Repeat the others)");

    /// <summary>NDSL040: {0} the Repeat, {1} the block class, {2} the problem.</summary>
    public static readonly DiagnosticDescriptor InvalidBlock = Error(
        "NDSL040", "Repeat's type is not a usable block",
        "{0}: '{1}' {2}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
