using Tdlab.Lab.Specs;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

public class ConfigOverridesTests
{
    private static QuadraticConfig Apply(params string[] sets) => ConfigOverrides.Apply(new QuadraticConfig(), sets, "toy");

    private static string Error(params string[] sets) => Assert.Throws<BadInputException>(() => Apply(sets)).Message;

    [Fact]
    public void Sets_each_supported_type()
    {
        QuadraticConfig c = Apply("steps=7", "noise=2.5e-1", "log-arrays=true", "label=hello world", "schedule=inverse-time",
            "learning-rates=0.1,1,10", "curvatures=[2, 3]", "seeds=4");
        Assert.Equal(7, c.Steps);
        Assert.Equal(0.25, c.Noise);
        Assert.True(c.LogArrays);
        Assert.Equal("hello world", c.Label);
        Assert.Equal(Schedule.InverseTime, c.Schedule);
        Assert.Equal([0.1, 1, 10], c.LearningRates);
        Assert.Equal([2.0, 3.0], c.Curvatures);
        Assert.Equal(4, c.Seeds);
    }

    [Theory]
    [InlineData("learning-rates")]
    [InlineData("learning_rates")]
    [InlineData("LearningRates")]
    public void Accepts_kebab_snake_and_property_names(string key) =>
        Assert.Equal([3.0], Apply($"{key}=3").LearningRates);

    [Fact]
    public void Leaves_the_input_config_unchanged_and_later_sets_win()
    {
        var original = new QuadraticConfig();
        QuadraticConfig c = ConfigOverrides.Apply(original, ["steps=3", "steps=4"], "toy");
        Assert.Equal(4, c.Steps);
        Assert.Equal(120, original.Steps);
    }

    [Fact]
    public void Empty_list_is_allowed() => Assert.Empty(Apply("curvatures=[]").Curvatures);

    [Fact]
    public void Unknown_key_names_the_key_and_lists_the_valid_ones()
    {
        string message = Error("stepz=3");
        Assert.Contains("'stepz'", message);
        Assert.Contains("'toy'", message);
        foreach (string key in new[] { "learning-rates", "curvatures", "steps", "noise", "schedule", "log-arrays", "seeds" })
            Assert.Contains(key, message);
    }

    [Theory]
    [InlineData("steps=3.5", "steps", "an integer")]
    [InlineData("steps=many", "steps", "an integer")]
    [InlineData("noise=0,1", "noise", "a number")]
    [InlineData("log-arrays=maybe", "log-arrays", "true or false")]
    [InlineData("schedule=cosine", "schedule", "one of: constant, inverse-time")]
    [InlineData("learning-rates=0.1,x,10", "learning-rates", "list of numbers")]
    [InlineData("seeds=two", "seeds", "an integer")]
    public void Wrong_type_names_key_value_and_expected_type(string set, string key, string expected)
    {
        string message = Error(set);
        Assert.Contains($"'{key}'", message);
        Assert.Contains($"'{set[(set.IndexOf('=') + 1)..]}'", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void Assignment_without_equals_is_an_error() => Assert.Contains("key=value", Error("steps"));

    [Fact]
    public void Numbers_are_invariant() => Assert.Equal([1.5, 2.0], Apply("learning-rates=[1.5,2]").LearningRates);
}
