using NeuralDsl;

/// <summary>
/// ResNet-50's ImageNet weights as users get them (torchvision's state_dict saved as safetensors, or timm's
/// <c>model.safetensors</c>, with the same names), loaded into a model that holds ResNet-50's layers under their
/// torchvision names: <see cref="NeuralDsl.Applications.ResNet50"/> itself, or a model that reuses it under a new head.
/// </summary>
internal static class ResNet50Weights
{
    /// <summary>Where a user gets the file, printed when none is given or it cannot be used.</summary>
    public const string WhereToGet =
        "ResNet-50's ImageNet weights, as safetensors, come from either of:\n" +
        "  timm (no Python needed; torchvision's own weights, same names):\n" +
        "    curl -L -o resnet50.safetensors https://huggingface.co/timm/resnet50.tv2_in1k/resolve/main/model.safetensors\n" +
        "  torchvision (torch.hub downloads resnet50-11ad3fa6.pth, IMAGENET1K_V2, then the script converts its state_dict):\n" +
        "    python3 samples/TransferLearning/export_torchvision_weights.py resnet50.safetensors";

    /// <summary>Loads <paramref name="path"/> by name in PyTorch's layout; every model tensor but those of the layer
    /// <paramref name="newHead"/> (if any) must come from the file. Returns the report, or null after printing to stderr
    /// why the file cannot be used (it names the file) and where to get one.</summary>
    public static WeightLoadReport? Load(SequentialModel model, string path, string? newHead)
    {
        try
        {
            var report = model.LoadWeights(path, WeightMatching.ByName, WeightLayout.PyTorch);
            var missing = report.NotLoaded.Where(name => newHead is null || !name.StartsWith(newHead + "/", StringComparison.Ordinal)).ToArray();
            if (missing.Length == 0) return report;
            Console.Error.WriteLine($"error: {path} is not ResNet-50's state_dict: {missing.Length} of the network's tensors are not in it " +
                $"({string.Join(", ", missing.Take(3))}{(missing.Length > 3 ? ", ..." : "")}).");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
        }
        Console.Error.WriteLine(WhereToGet);
        return null;
    }
}
