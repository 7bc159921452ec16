namespace NeuralDsl;

/// <summary>
/// Fashion-MNIST (Zalando): 28×28 grayscale clothing images in 10 classes, 60000 for training and
/// 10000 for testing, as shipped by the Debian package dataset-fashion-mnist.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    private const string TrainImages = "train-images-idx3-ubyte";
    private const string TrainLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte";
    private const string TestLabels = "t10k-labels-idx1-ubyte";

    private static readonly string[] Names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The 10 class names, indexed by label.</summary>
    public static string[] ClassNames => (string[])Names.Clone();

    /// <summary>True when all four files exist (gzip-compressed or extracted) in the directory.</summary>
    public static bool IsAvailable(string? directory = null)
    {
        string dir = directory ?? DefaultDirectory;
        return Find(dir, TrainImages) is not null && Find(dir, TrainLabels) is not null
            && Find(dir, TestImages) is not null && Find(dir, TestLabels) is not null;
    }

    /// <summary>Loads the training and test sets with pixels scaled to [0, 1].</summary>
    public static (LabeledData Train, LabeledData Test) Load(string? directory = null)
    {
        string dir = directory ?? DefaultDirectory;
        string[] missing = new[] { TrainImages, TrainLabels, TestImages, TestLabels }
            .Where(name => Find(dir, name) is null)
            .Select(name => name + ".gz")
            .ToArray();
        if (missing.Length > 0)
        {
            throw new FileNotFoundException(
                $"Fashion-MNIST not found in {dir}: missing {string.Join(", ", missing)}. " +
                "Install it with `sudo apt-get install dataset-fashion-mnist`, or pass the directory that holds the IDX files.",
                Path.Combine(dir, missing[0]));
        }

        LabeledData train = Idx.ReadDataset(Find(dir, TrainImages)!, Find(dir, TrainLabels)!);
        LabeledData test = Idx.ReadDataset(Find(dir, TestImages)!, Find(dir, TestLabels)!);
        return (train, test);
    }

    // The package ships .gz files; users who extracted them by hand get the raw names.
    private static string? Find(string directory, string name)
    {
        string gz = Path.Combine(directory, name + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string raw = Path.Combine(directory, name);
        return File.Exists(raw) ? raw : null;
    }
}
