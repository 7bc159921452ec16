namespace NeuralDsl.Runtime.Tests.Search;

/// <summary><see cref="Trial.Get{T}(string)"/>: the conversions a model's options need, and clear errors.</summary>
public sealed class TrialTests
{
    /// <summary>The one trial of a grid over single values, as the run sees it.</summary>
    private static Trial TrialOf(SearchSpace space)
    {
        Trial? seen = null;
        HyperparameterSearch.Grid(space, trial =>
        {
            seen = trial;
            return Histories.Reaching(0.5f);
        }, "val_accuracy");
        return Assert.IsType<Trial>(seen);
    }

    private static readonly Trial Sample = TrialOf(new SearchSpace()
        .Add("learning_rate", 0.001)
        .Add("batch_size", 32)
        .Add("whole_double", 32.0)
        .Add("rho", 0.001f)
        .Add("big", 10_000_000_000L)
        .Add("huge", 1e300)
        .Add("optimizer", "adam")
        .Add("nesterov", true));

    [Fact]
    public void Parameters_are_in_space_order()
    {
        Assert.Equal(["learning_rate", "batch_size", "whole_double", "rho", "big", "huge", "optimizer", "nesterov"], Sample.Parameters.Keys);
        Assert.Equal(0.001, Sample.Parameters["learning_rate"]);
        Assert.Equal("learning_rate=0.001 batch_size=32 whole_double=32 rho=0.001 big=10000000000 huge=1E+300 optimizer=adam nesterov=true",
            Sample.ToString());
    }

    [Fact]
    public void A_double_reads_as_double_and_float()
    {
        Assert.Equal(0.001, Sample.Get<double>("learning_rate"));
        Assert.Equal(0.001f, Sample.Get<float>("learning_rate"));
    }

    [Fact]
    public void An_int_reads_as_every_numeric_type()
    {
        Assert.Equal(32, Sample.Get<int>("batch_size"));
        Assert.Equal(32L, Sample.Get<long>("batch_size"));
        Assert.Equal(32f, Sample.Get<float>("batch_size"));
        Assert.Equal(32.0, Sample.Get<double>("batch_size"));
        Assert.Equal(32, Sample.Get<object>("batch_size"));
    }

    [Fact]
    public void A_whole_double_reads_as_int_and_long()
    {
        Assert.Equal(32, Sample.Get<int>("whole_double"));
        Assert.Equal(32L, Sample.Get<long>("whole_double"));
    }

    [Fact]
    public void A_float_reads_as_the_double_it_was_written_as()
    {
        Assert.Equal(0.001f, Sample.Get<float>("rho"));
        Assert.Equal(0.001, Sample.Get<double>("rho"));
    }

    [Fact]
    public void Texts_and_switches_read_as_themselves()
    {
        Assert.Equal("adam", Sample.Get<string>("optimizer"));
        Assert.True(Sample.Get<bool>("nesterov"));
        Assert.Equal(10_000_000_000L, Sample.Get<long>("big"));
    }

    [Fact]
    public void A_fraction_does_not_read_as_an_int()
    {
        var error = Assert.Throws<InvalidCastException>(() => Sample.Get<int>("learning_rate"));
        Assert.Equal("Parameter \"learning_rate\" is 0.001 (double), which cannot be read as int: it is not a whole number.", error.Message);
    }

    [Fact]
    public void A_number_out_of_range_is_refused()
    {
        var error = Assert.Throws<InvalidCastException>(() => Sample.Get<int>("big"));
        Assert.Contains("10000000000 (long), which cannot be read as int: it is outside int's range", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidCastException>(() => Sample.Get<float>("huge"));
        Assert.Contains("1E+300 (double), which cannot be read as float: it is outside float's range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_and_numbers_do_not_convert_into_each_other()
    {
        var error = Assert.Throws<InvalidCastException>(() => Sample.Get<int>("optimizer"));
        Assert.Equal("Parameter \"optimizer\" is \"adam\" (string), which cannot be read as int.", error.Message);
        error = Assert.Throws<InvalidCastException>(() => Sample.Get<string>("batch_size"));
        Assert.Equal("Parameter \"batch_size\" is 32 (int), which cannot be read as string.", error.Message);
        Assert.Throws<InvalidCastException>(() => Sample.Get<double>("nesterov"));
    }

    [Fact]
    public void An_unknown_name_lists_the_parameters()
    {
        var error = Assert.Throws<ArgumentException>(() => Sample.Get<float>("lr"));
        Assert.StartsWith("Trial has no parameter \"lr\"; its parameters are \"learning_rate\", \"batch_size\", \"whole_double\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Before_its_run_ends_a_trial_has_no_score()
    {
        Assert.True(float.IsNaN(Sample.Score));
        Assert.Null(Sample.History);
        Assert.Equal(-1, Sample.BestEpoch);
        Assert.False(Sample.Failed);
    }
}
