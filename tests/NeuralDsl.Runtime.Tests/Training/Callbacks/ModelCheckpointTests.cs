namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>ModelCheckpoint: which epochs save, the path placeholders, and that an interrupted save keeps the previous best.</summary>
public sealed class ModelCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string In(string name) => Path.Combine(_directory, name);

    private static float[] Weights(string path)
    {
        var file = SafeTensors.Read(path);
        var weights = new float[4];
        SafeTensors.ReadInto(path, [new SafeTensor("w", [4], 0, 4)], weights);
        Assert.Single(file.Tensors);
        return weights;
    }

    [Fact]
    public void Saves_every_epoch_with_the_epoch_and_metrics_in_the_name()
    {
        var checkpoint = new ModelCheckpoint(In("sub/epoch{epoch:02d}-{val_loss:.2f}.safetensors"));
        var run = new ScriptedRun(checkpoint);
        run.Run("val_loss", 0.51f, 0.4049f, 0.7f);
        Assert.Equal([In("sub/epoch01-0.51.safetensors"), In("sub/epoch02-0.40.safetensors"), In("sub/epoch03-0.70.safetensors")], run.Model.Saved);
        Assert.Equal([3f, 3f, 3f, 3f], Weights(In("sub/epoch03-0.70.safetensors")));
        Assert.Equal([1f, 1f, 1f, 1f], Weights(In("sub/epoch01-0.51.safetensors")));
        Assert.Equal(In("sub/epoch03-0.70.safetensors"), checkpoint.LastSaved);
    }

    [Fact]
    public void Save_best_only_saves_only_improvements()
    {
        var checkpoint = new ModelCheckpoint(In("best.safetensors")) { Monitor = "val_accuracy", SaveBestOnly = true };
        var run = new ScriptedRun(checkpoint);
        run.Run("val_accuracy", 0.5f, 0.7f, 0.6f, 0.7f, 0.65f);
        Assert.Equal(2, run.Model.Saved.Count);
        Assert.Equal([2f, 2f, 2f, 2f], Weights(In("best.safetensors")));
    }

    [Fact]
    public void Placeholder_formats_follow_python_and_dotnet()
    {
        var log = new EpochLog(8, new Dictionary<string, float> { ["loss"] = 0.123456f, ["val_accuracy"] = 0.9f }, 1);
        Assert.Equal("e009_0.1235_0.900_0.12_0.9", new ModelCheckpoint("e{epoch:03d}_{loss:.4f}_{val_accuracy:0.000}_{loss:.2f}_{val_accuracy}").FilePath(log));
        Assert.Equal("e   9-1.2346e-01", new ModelCheckpoint("e{epoch:4d}-{loss:.4e}").FilePath(log));
    }

    [Fact]
    public void An_interrupted_save_leaves_the_previous_best_whole_and_is_retried()
    {
        var checkpoint = new ModelCheckpoint(In("best.safetensors")) { SaveBestOnly = true };
        var run = new ScriptedRun(checkpoint);
        run.Run("val_loss", 0.9f);
        Assert.Equal([1f, 1f, 1f, 1f], Weights(In("best.safetensors")));

        // The next improvement's save fails half-way: the file still holds epoch 0's weights, and no temporary file is left.
        var again = new ScriptedRun(checkpoint);
        again.Model.FailNextSave = true;
        Assert.Throws<IOException>(() => again.Run("val_loss", 0.5f));
        Assert.Equal([1f, 1f, 1f, 1f], Weights(In("best.safetensors")));
        Assert.Equal(["best.safetensors"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_save_does_not_count_as_the_best()
    {
        var checkpoint = new ModelCheckpoint(In("best.safetensors")) { SaveBestOnly = true };
        var run = new ScriptedRun(checkpoint);
        checkpoint.OnTrainBegin(run.Training);
        run.Model.FailNextSave = true;
        var first = new EpochLog(0, new Dictionary<string, float> { ["val_loss"] = 0.5f }, 1);
        Assert.Throws<IOException>(() => checkpoint.OnEpochEnd(run.Training, first));
        // The same value is still an improvement over nothing saved: the save is tried again.
        checkpoint.OnEpochEnd(run.Training, first with { Epoch = 1 });
        Assert.Single(run.Model.Saved);
    }

    [Fact]
    public void An_unknown_placeholder_or_monitor_fails_before_training_and_lists_the_names()
    {
        var training = new ScriptedRun().Training;
        var error = Assert.Throws<ArgumentException>(() => new ModelCheckpoint(In("{val_acc}.safetensors")).OnTrainBegin(training));
        Assert.Contains("{val_acc}", error.Message);
        Assert.Contains("{val_accuracy}", error.Message);
        Assert.Contains("{epoch}", error.Message);
        Assert.Throws<ArgumentException>(() => new ModelCheckpoint(In("best.safetensors")) { SaveBestOnly = true, Monitor = "acc" }.OnTrainBegin(training));
        // Without SaveBestOnly the monitor is not used, as in Keras.
        new ModelCheckpoint(In("last.safetensors")) { Monitor = "acc" }.OnTrainBegin(training);
    }

    /// <summary>Templates that used to fail only when the first epoch was saved, with an exception that named neither
    /// the path nor the placeholder (or, for the last ones, not at all).</summary>
    public static TheoryData<string, string, string> BadTemplates => new()
    {
        // Template, what the message must say besides quoting the template, and a word of what is wrong.
        { "ck-{loss:x}.safetensors", "{loss:x}", "format" },
        { "ck-{loss:D}.safetensors", "{loss:D}", "format" },
        { "ck-{epoch:99999999999d}.safetensors", "{epoch:99999999999d}", "255" },
        { "ck-{epoch:999999999d}.safetensors", "{epoch:999999999d}", "255" },
        { "ck-{loss:.999999999f}.safetensors", "{loss:.999999999f}", "255" },
        { "ck-{loss:F999999999}.safetensors", "{loss:F999999999}", "255" },
        { "ck-{loss:E1000000000}.safetensors", "{loss:E1000000000}", "255" },
        { "ck-{loss:.250f}.safetensors", "267 characters", "255" },
        // Python formats ModelCheckpoint does not know; read as .NET's they would write "13g" and ">813f".
        { "ck-{loss:.3g}.safetensors", "{loss:.3g}", "Python format" },
        { "ck-{loss:>8.3f}.safetensors", "{loss:>8.3f}", "Python format" },
        { "ck-{loss:+.2f}.safetensors", "{loss:+.2f}", "Python format" },
        { "ck-{val_accuracy:.1%}.safetensors", "{val_accuracy:.1%}", "Python format" },
        { "ck-{loss:abc}.safetensors", "{loss:abc}", "does not show the value" },
        { "ck-{loss:0/0}.safetensors", "{loss:0/0}", "'/'" },
        { "ck-{loss:0\u0000}.safetensors", "{loss:0\u0000}", "U+0000" },
        { "ck-{epoch.safetensors", "{epoch.safetensors", "brace" },
        { "ck-epoch}.safetensors", "}.safetensors", "brace" },
        { "ck-{ epoch }.safetensors", "{ epoch }.safetensors", "brace" },
        { "ck-{epoch:{loss}}.safetensors", "{epoch:", "brace" },
        { "ck\u0000-{epoch}.safetensors", "U+0000", "file" },
        { "checkpoints/", "'/'", "directory" },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public void A_template_that_cannot_give_a_file_name_fails_before_training_naming_the_template_and_the_placeholder(
        string template, string quoted, string what)
    {
        var run = new ScriptedRun(new ModelCheckpoint(In(template)));

        var error = Assert.Throws<ArgumentException>(() => run.Run("loss", 0.5f));

        string quotedTemplate = $"\"{In(template)}\"";
        Assert.Contains(quotedTemplate, error.Message);
        string rest = error.Message.Replace(quotedTemplate, "", StringComparison.Ordinal);
        Assert.Contains(quoted, rest);
        Assert.Contains(what, rest);
        Assert.Equal("Path", error.ParamName);
        Assert.Empty(run.Model.Saved);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public void FilePath_with_a_bad_format_is_an_argument_error_naming_the_placeholder()
    {
        var log = new EpochLog(0, new Dictionary<string, float> { ["loss"] = 0.5f }, 1);

        var error = Assert.Throws<ArgumentException>(() => new ModelCheckpoint("ck-{loss:x}").FilePath(log));

        Assert.Contains("\"ck-{loss:x}\"", error.Message);
        Assert.Contains("{loss:x}", error.Message);
    }

    [Fact]
    public void Doubled_braces_write_a_brace_as_in_python()
    {
        var log = new EpochLog(8, new Dictionary<string, float> { ["loss"] = 0.5f }, 1);
        var checkpoint = new ModelCheckpoint("a{{b}}-{{epoch}}-{epoch}");

        checkpoint.OnTrainBegin(new ScriptedRun().Training);

        Assert.Equal("a{b}-{epoch}-9", checkpoint.FilePath(log));
    }

    [Fact]
    public void An_integer_format_writes_the_rounded_value_whatever_its_size_and_NaN_as_NaN()
    {
        string Name(float loss) =>
            new ModelCheckpoint("{loss:d}").FilePath(new EpochLog(0, new Dictionary<string, float> { ["loss"] = loss }, 1));

        Assert.Equal("1000000015047466219876688855040", Name(1e30f));
        Assert.Equal("-2", Name(-2.5f));
        Assert.Equal("0", Name(-0.3f));
        Assert.Equal("NaN", Name(float.NaN));
        Assert.Equal("-Infinity", Name(float.NegativeInfinity));
    }
}
