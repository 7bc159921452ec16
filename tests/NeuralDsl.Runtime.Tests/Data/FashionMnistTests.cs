namespace NeuralDsl.Runtime.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fmnist-tests-" + Guid.NewGuid().ToString("N"));

    public FashionMnistTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_reads_the_installed_package()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");

        (LabeledData train, LabeledData test) = FashionMnist.Load();

        Assert.Equal(60000, train.Rows);
        Assert.Equal(10000, test.Rows);
        Assert.Equal(784, train.FeatureSize);
        Assert.Equal(784, test.FeatureSize);
        Assert.Equal(60000 * 784, train.Features.Length);
        Assert.All(new[] { train, test }, data =>
        {
            Assert.All(data.Labels, label => Assert.InRange(label, 0, 9));
            Assert.True(data.Features.All(v => v >= 0f && v <= 1f), "pixel values outside [0, 1]");
        });
        Assert.Equal(Enumerable.Range(0, 10), train.Labels.Distinct().Order());
        Assert.Contains(1f, train.Features);
    }

    [Fact]
    public void Missing_files_error_says_how_to_install()
    {
        Assert.False(FashionMnist.IsAvailable(_dir));

        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_dir));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains(_dir, e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
    }

    [Fact]
    public void Load_reads_a_directory_of_package_style_files()
    {
        Idx.Write(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), [0, 255, 51, 0, 0, 0, 0, 0], 2, 2, 2);
        Idx.Write(Path.Combine(_dir, "train-labels-idx1-ubyte.gz"), [9, 3], 2);
        // Hand-extracted files without .gz are accepted too.
        Idx.Write(Path.Combine(_dir, "t10k-images-idx3-ubyte"), [255, 255, 255, 255], 1, 2, 2);
        Idx.Write(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), [5], 1);

        Assert.True(FashionMnist.IsAvailable(_dir));
        (LabeledData train, LabeledData test) = FashionMnist.Load(_dir);

        Assert.Equal(new[] { 9, 3 }, train.Labels);
        Assert.Equal(4, train.FeatureSize);
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0f }, train.Features[..4]);
        Assert.Equal(new[] { 1f, 1f, 1f, 1f }, test.Features);
        Assert.Equal(new[] { 5 }, test.Labels);
    }

    [Fact]
    public void A_single_missing_file_is_named()
    {
        Idx.Write(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), new byte[4], 1, 2, 2);
        Idx.Write(Path.Combine(_dir, "train-labels-idx1-ubyte.gz"), [0], 1);
        Idx.Write(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), new byte[4], 1, 2, 2);

        Assert.False(FashionMnist.IsAvailable(_dir));
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_dir));
        Assert.Contains("missing t10k-labels-idx1-ubyte.gz.", e.Message);
        Assert.DoesNotContain("train-images", e.Message);
    }

    [Fact]
    public void ClassNames_lists_the_ten_classes_in_label_order()
    {
        string[] names = FashionMnist.ClassNames;

        Assert.Equal(
            new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
            names);
        names[0] = "changed";
        Assert.Equal("T-shirt/top", FashionMnist.ClassNames[0]);
    }

    [Fact]
    public void DefaultDirectory_is_where_the_debian_package_installs()
    {
        Assert.Equal("/usr/share/datasets/fashion-mnist", FashionMnist.DefaultDirectory);
    }
}
