namespace NeuralDsl.Runtime.Tests.Search;

public sealed class SearchSpaceTests
{
    [Fact]
    public void Add_takes_doubles_ints_floats_longs_strings_and_bools_in_order()
    {
        var space = new SearchSpace()
            .Add("learning_rate", 0.01, 0.001, 0.0001)
            .Add("batch_size", 32, 128)
            .Add("rho", 0.9f)
            .Add("steps", 10_000_000_000L)
            .Add("optimizer", "adam", "rmsprop")
            .Add("nesterov", true, false);

        Assert.Equal(["learning_rate", "batch_size", "rho", "steps", "optimizer", "nesterov"], space.Names);
        Assert.Equal([0.01, 0.001, 0.0001], space.Values("learning_rate").Cast<double>());
        Assert.Equal([32, 128], space.Values("batch_size").Cast<int>());
        Assert.IsType<float>(space.Values("rho")[0]);
        Assert.IsType<long>(space.Values("steps")[0]);
        Assert.Equal(["adam", "rmsprop"], space.Values("optimizer").Cast<string>());
        Assert.Equal([true, false], space.Values("nesterov").Cast<bool>());
        Assert.Equal(3 * 2 * 1 * 1 * 2 * 2, space.Combinations);
        Assert.Equal("learning_rate: 0.01, 0.001, 0.0001; batch_size: 32, 128; rho: 0.9; steps: 10000000000; optimizer: adam, rmsprop; nesterov: true, false",
            space.ToString());
    }

    [Fact]
    public void An_empty_space_has_no_combinations()
    {
        Assert.Equal(0, new SearchSpace().Combinations);
    }

    [Fact]
    public void A_duplicate_name_is_refused()
    {
        var space = new SearchSpace().Add("batch_size", 32, 128);

        var error = Assert.Throws<ArgumentException>(() => space.Add("batch_size", 64));
        Assert.Contains("already has a parameter \"batch_size\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(["batch_size"], space.Names);
    }

    [Fact]
    public void An_empty_list_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchSpace().Add("learning_rate", Array.Empty<double>()));
        Assert.Contains("\"learning_rate\" needs at least one value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_value_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchSpace().Add("units", 32, 64, 32));
        Assert.Contains("\"units\" lists 32 twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_text_or_a_blank_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SearchSpace().Add("optimizer", "adam", null!));
        Assert.Throws<ArgumentException>(() => new SearchSpace().Add(" ", 1));
        Assert.Throws<ArgumentNullException>(() => new SearchSpace().Add("units", (int[])null!));
    }

    [Fact]
    public void Values_of_an_unknown_name_lists_the_names()
    {
        var space = new SearchSpace().Add("learning_rate", 0.1).Add("batch_size", 32);

        var error = Assert.Throws<ArgumentException>(() => space.Values("lr"));
        Assert.Contains("no parameter \"lr\"; it has \"learning_rate\", \"batch_size\"", error.Message, StringComparison.Ordinal);
    }
}
