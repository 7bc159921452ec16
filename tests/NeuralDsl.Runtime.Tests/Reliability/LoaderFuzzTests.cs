namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>
/// Seeded truncations and byte flips of valid IDX (raw and gzip), CSV, CIFAR-10 and safetensors files. Each case must
/// end in an <see cref="InvalidDataException"/> whose message names the file, or in data the mutated bytes really
/// describe (a cut file is never read as whole); never another exception type, and never a large allocation.
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output) : TempDirectory
{
    private const int Truncations = 80;
    private const int Flips = 160;

    /// <summary>No file here is over 10 KB, so a read allocating more than this trusted a size the bytes made up.</summary>
    private const long AllocationLimit = 64L << 20;

    private static readonly SafeTensor[] Layout = [new("dense_0/kernel", [4, 3], 0, 12), new("dense_0/bias", [3], 12, 3)];

    public static TheoryData<string> Formats() => new("idx", "idx.gz", "csv", "cifar10", "safetensors");

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_mutation_ends_in_a_clear_error_or_real_data(string format)
    {
        byte[] valid = Valid(format);
        object expected = Read(format, Save(format, valid));
        var random = new Random(format.Length * 7919 + 12);
        var defects = new List<string>();
        int errors = 0, identical = 0, changed = 0;

        for (int i = 0; i < Truncations + Flips; i++)
        {
            bool truncation = i < Truncations;
            byte[] bytes = truncation ? valid[..random.Next(0, valid.Length)] : Flip(valid, random, HeaderSize(format, valid));
            string path = Save(format, bytes);
            string what = truncation ? $"cut to {bytes.Length} of {valid.Length} bytes" : "byte flips";
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                object data = Read(format, path);
                if (Same(data, expected)) identical++;
                else if (truncation && !CutIsValid(format, bytes.Length, data, expected)) defects.Add($"{what}: read without an error");
                else changed++;
            }
            catch (InvalidDataException e) when (e.Message.Contains(path, StringComparison.Ordinal))
            {
                errors++;
            }
            catch (Exception e)
            {
                defects.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationLimit) defects.Add($"{what}: allocated {allocated} bytes");
        }

        int tried = Truncations + Flips;
        output.WriteLine($"{format}: {tried} cases, {errors} clear errors, {identical} identical data, {changed} changed but valid data, {defects.Count} defects");
        Assert.True(defects.Count == 0, string.Join("\n", defects));
        Assert.Equal(tried, errors + identical + changed);
    }

    private string Save(string format, byte[] bytes)
    {
        string path = PathOf("fuzz." + format);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A valid file of the format, small so that hundreds of cases run in well under a second.</summary>
    private byte[] Valid(string format)
    {
        var random = new Random(7);
        string path = PathOf("valid." + format);
        switch (format)
        {
            case "idx":
            case "idx.gz":
                var pixels = new byte[12 * 6 * 6];
                random.NextBytes(pixels);
                Idx.Write(path, pixels, 12, 6, 6);
                break;
            case "csv":
                var lines = Enumerable.Range(0, 12).Select(r => string.Join(",",
                    Enumerable.Range(0, 4).Select(c => (random.Next(-5000, 5000) / 8.0).ToString(System.Globalization.CultureInfo.InvariantCulture))));
                File.WriteAllText(path, string.Join("\n", lines) + "\n");
                break;
            case "cifar10":
                var images = new float[2 * Cifar10.FeatureSize];
                for (int i = 0; i < images.Length; i++) images[i] = random.Next(256) / 255f;
                Cifar10.WriteBatch(path, images, [3, 9]);
                break;
            default:
                var weights = new float[15];
                for (int i = 0; i < weights.Length; i++) weights[i] = random.NextSingle() - 0.5f;
                SafeTensors.Write(path, Layout, weights, new Dictionary<string, string> { ["format"] = "neuraldsl", ["model"] = "Fuzzed" });
                break;
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>Reads the file as a user would; the data as something <see cref="Same"/> compares.</summary>
    private static object Read(string format, string path)
    {
        switch (format)
        {
            case "idx":
            case "idx.gz":
                IdxArray array = Idx.Read(path);
                return (array.Shape, array.Data);
            case "csv":
                float[] values = Csv.ReadNumbers(path, out int columns);
                return (columns, values);
            case "cifar10":
                LabeledData batch = Cifar10.ReadBatch(path);
                return (batch.Labels, batch.Features);
            default:
                var buffer = new float[15];
                SafeTensors.ReadWeights(path, Layout, buffer, "Fuzzed");
                SafeTensorFile file = SafeTensors.Read(path);
                return (buffer, file.Tensors.Select(t => t.Name).ToArray(), file.ReadTensor("dense_0/bias"));
        }
    }

    private static bool Same(object a, object b) => Describe(a) == Describe(b);

    private static string Describe(object data) => data switch
    {
        System.Runtime.CompilerServices.ITuple tuple => string.Join("|", Enumerable.Range(0, tuple.Length).Select(i => Describe(tuple[i]!))),
        System.Collections.IEnumerable items and not string => string.Join(",", items.Cast<object>().Select(Describe)),
        IFormattable value => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => data.ToString() ?? "",
    };

    /// <summary>Whether a successful read of a cut file is right: a CIFAR-10 batch cut between records is the records
    /// before the cut, a CSV cut anywhere is its values up to there (the last number possibly shortened);
    /// every other cut file must be refused.</summary>
    private static bool CutIsValid(string format, int length, object data, object expected)
    {
        if (format == "cifar10")
        {
            var (labels, features) = ((int[], float[]))data;
            var (allLabels, allFeatures) = ((int[], float[]))expected;
            return length % (1 + Cifar10.FeatureSize) == 0
                && labels.AsSpan().SequenceEqual(allLabels.AsSpan(0, labels.Length))
                && features.AsSpan().SequenceEqual(allFeatures.AsSpan(0, features.Length));
        }

        if (format == "csv")
        {
            // A cut inside the first row is a narrower CSV: nothing in the format tells it from a whole file.
            float[] values = (((int, float[]))data).Item2;
            float[] allValues = (((int, float[]))expected).Item2;
            return values.Length <= allValues.Length
                && values.AsSpan(0, values.Length - 1).SequenceEqual(allValues.AsSpan(0, values.Length - 1));
        }

        return false;
    }

    /// <summary>The size of the part that describes the rest (header, gzip header), where half of the flips go.</summary>
    private static int HeaderSize(string format, byte[] valid) => format switch
    {
        "safetensors" => 8 + (int)BitConverter.ToUInt64(valid, 0),
        "idx" => 16,
        "cifar10" => 1,
        _ => Math.Min(valid.Length, 24),
    };

    /// <summary>One to three bytes XOR-ed with a random non-zero value, half of the cases inside the header.</summary>
    private static byte[] Flip(byte[] valid, Random random, int headerSize)
    {
        byte[] bytes = (byte[])valid.Clone();
        int count = random.Next(1, 4);
        bool inHeader = random.Next(2) == 0;
        for (int i = 0; i < count; i++)
        {
            int at = inHeader ? random.Next(headerSize) : random.Next(bytes.Length);
            bytes[at] ^= (byte)random.Next(1, 256);
        }

        return bytes;
    }
}
