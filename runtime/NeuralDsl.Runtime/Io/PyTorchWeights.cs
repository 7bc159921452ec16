using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Loads a PyTorch <c>state_dict</c> saved as safetensors (<see cref="WeightLayout.PyTorch"/>): tensor <c>&lt;module&gt;.&lt;
/// suffix&gt;</c> fills the tensor of layer <c>&lt;module with _ for .&gt;</c> that the suffix names (<c>weight</c> → kernel or
/// gamma, <c>bias</c> → bias or beta, <c>running_mean</c> → moving_mean, <c>running_var</c> → moving_variance), convolution
/// weights converted from OIHW to HWIO and linear weights from [out, in] to [in, out]; <c>num_batches_tracked</c> is ignored.
/// </summary>
/// <remarks>
/// What must match, in both modes: every file tensor that maps onto a model tensor must have, in PyTorch's layout, the
/// model tensor's shape (and be F32): a mismatch is a wrong architecture, not a head to skip, so the whole load fails
/// naming both sides (rename a new head that reuses a PyTorch name, such as <c>fc</c>). Two file tensors mapping onto one
/// model tensor fail too. <see cref="WeightMatching.Strict"/> moreover needs every model tensor filled and no file tensor
/// left over but the ignored ones; <see cref="WeightMatching.ByName"/> leaves the model tensors the file does not hold as
/// they are and reports the file tensors that map onto nothing as unused. Values must be finite; nothing is written unless
/// everything passes.
/// </remarks>
internal static class PyTorchWeights
{
    /// <summary>The suffix PyTorch gives the running count of a BatchNorm, which NeuralDsl does not keep.</summary>
    public const string BatchesTracked = "num_batches_tracked";

    /// <summary>Loads <paramref name="path"/> into <paramref name="buffer"/> laid out as <paramref name="expected"/>.</summary>
    public static WeightLoadReport Read(string path, IReadOnlyList<SafeTensor> expected, Span<float> buffer, bool strict)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensors.Validate(expected, buffer.Length, nameof(expected));
        SafeTensorFile file = SafeTensors.Read(path);
        var model = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var claimed = new Dictionary<string, TensorSource>(StringComparer.Ordinal);
        var unused = new List<string>();
        var ignored = new List<string>();
        var mismatches = new List<string>();

        foreach (SafeTensorInfo info in file.Tensors)
        {
            var (layer, suffix) = Split(info.Name);
            if (suffix == BatchesTracked)
            {
                ignored.Add(info.Name);
                continue;
            }
            if (Target(model, layer, suffix) is not { } target)
            {
                unused.Add(info.Name);
                continue;
            }
            if (claimed.TryGetValue(target.Name, out var first))
                throw new InvalidDataException($"{path}: file tensors '{first.FileName}' and '{info.Name}' both map to model tensor '{target.Name}'.");
            var conversion = ConversionFor(suffix, target);
            int[] fileShape = conversion.FileShape(target.Shape);
            if (!info.Shape.AsSpan().SequenceEqual(fileShape))
                mismatches.Add($"file tensor '{info.Name}' {Idx.FormatShape(info.Shape)}{LayoutName(conversion, file: true)} does not fit model tensor " +
                    $"'{target.Name}' {Idx.FormatShape(target.Shape)}{LayoutName(conversion, file: false)}, which the file would hold as {Idx.FormatShape(fileShape)}");
            else if (info.DType != "F32")
                mismatches.Add($"file tensor '{info.Name}' has dtype {info.DType}; model tensor '{target.Name}' loads F32 only");
            claimed.Add(target.Name, new TensorSource(target, info.Name, conversion));
        }

        if (mismatches.Count > 0)
            throw new InvalidDataException($"{path} (PyTorch layout): {mismatches.Count} tensor(s) do not match the model, so nothing was loaded: " +
                string.Join("; ", mismatches.Take(10)) + (mismatches.Count > 10 ? "; …" : ""));

        var missing = expected.Where(t => !claimed.ContainsKey(t.Name)).ToList();
        if (strict && missing.Count > 0)
            throw new InvalidDataException($"{path} (PyTorch layout): {missing.Count} model tensor(s) have no file tensor: " +
                SafeTensorFile.DescribeNames(missing.Select(t => $"{t.Name} {Idx.FormatShape(t.Shape)} (as '{PyTorchName(t.Name)}')")) +
                $"; the file has {SafeTensorFile.DescribeNames(file.Tensors.Select(t => t.Name))}");
        if (strict && unused.Count > 0)
            throw new InvalidDataException($"{path} (PyTorch layout): {unused.Count} file tensor(s) map to no model tensor: " +
                SafeTensorFile.DescribeNames(unused.Select(name => Describe(file, name))) + " (a module's name with _ for . names the layer; weight, bias, " +
                "running_mean and running_var name its tensors)");

        var sources = expected.Where(t => claimed.ContainsKey(t.Name)).Select(t => claimed[t.Name]).ToList();
        SafeTensors.ReadAllOrNothing(path, file, sources, buffer, requireFinite: true);
        return new WeightLoadReport(
            sources.Select(s => s.Target.Name).ToList(),
            missing.Select(t => $"{t.Name} (not in the file, where PyTorch would name it '{PyTorchName(t.Name)}')").ToList(),
            unused)
        { Ignored = ignored };
    }

    /// <summary>The layer a file tensor belongs to (its module path, with _ for .) and its last name part.</summary>
    private static (string Layer, string Suffix) Split(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot <= 0 ? ("", name) : (name[..dot].Replace('.', '_'), name[(dot + 1)..]);
    }

    /// <summary>The model tensor a file tensor fills, or null.</summary>
    private static SafeTensor? Target(Dictionary<string, SafeTensor> model, string layer, string suffix)
    {
        string[] names = suffix switch
        {
            "weight" => ["kernel", "gamma"],
            "bias" => ["bias", "beta"],
            "running_mean" => ["moving_mean"],
            "running_var" => ["moving_variance"],
            _ => [],
        };
        foreach (string name in names)
            if (layer.Length > 0 && model.TryGetValue(layer + "/" + name, out var tensor)) return tensor;
        return null;
    }

    private static TensorConversion ConversionFor(string suffix, SafeTensor target) =>
        suffix != "weight" || !target.Name.EndsWith("/kernel", StringComparison.Ordinal) ? TensorConversion.None
        : target.Shape.Length == 4 ? TensorConversion.OihwToHwio
        : target.Shape.Length == 2 ? TensorConversion.OutInToInOut
        : TensorConversion.None;

    private static string LayoutName(TensorConversion conversion, bool file) => conversion switch
    {
        TensorConversion.OihwToHwio => file ? " (OIHW)" : " (HWIO)",
        TensorConversion.OutInToInOut => file ? " ([out, in])" : " ([in, out])",
        _ => "",
    };

    private static string Describe(SafeTensorFile file, string name) =>
        name + " " + Idx.FormatShape(file.Tensors.First(t => t.Name == name).Shape);

    /// <summary>The name PyTorch would give a model tensor (a layer's _ read as .: a guess where a module's own name has one).</summary>
    internal static string PyTorchName(string tensor)
    {
        int slash = tensor.LastIndexOf('/');
        string layer = tensor[..slash].Replace('_', '.'), name = tensor[(slash + 1)..];
        string suffix = name switch
        {
            "kernel" or "gamma" => "weight",
            "bias" or "beta" => "bias",
            "moving_mean" => "running_mean",
            "moving_variance" => "running_var",
            _ => name,
        };
        return string.Create(CultureInfo.InvariantCulture, $"{layer}.{suffix}");
    }
}
