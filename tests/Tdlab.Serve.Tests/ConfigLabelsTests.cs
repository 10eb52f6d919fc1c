namespace Tdlab.Serve.Tests;

public class ConfigLabelsTests
{
    [Fact]
    public void A_configuration_is_named_by_the_settings_that_vary()
    {
        var labels = ConfigLabels.Of([
            """{"depth":3,"kind":"xavier","width":8}""", """{"depth":3,"kind":"kaiming","width":8}""",
            """{"depth":5,"kind":"xavier","width":8}""", """{"depth":3,"kind":"xavier","width":8}"""]);
        Assert.Equal(3, labels.Count);
        Assert.Equal("depth=3 kind=xavier", labels["""{"depth":3,"kind":"xavier","width":8}"""]);
        Assert.Equal("depth=5 kind=xavier", labels["""{"depth":5,"kind":"xavier","width":8}"""]);
    }

    [Fact]
    public void One_configuration_is_all_runs()
    {
        Assert.Equal("all runs", ConfigLabels.Of(["""{"a":1}""", """{"a":1}"""]).Single().Value);
    }
}
