using System.Xml.Linq;
using Tdlab.Lab.Figures;

namespace Tdlab.Lab.Tests.Figures;

public class RecipeTests
{
    public static TheoryData<string> Names => new(Recipes.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Recipe_matches_golden_svg(string name) => GoldenFile.Check(name, Recipes.All[name]().ToSvg());

    [Theory]
    [MemberData(nameof(Names))]
    public void Recipe_is_well_formed_svg(string name)
    {
        var doc = XDocument.Parse(Recipes.All[name]().ToSvg());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        foreach (var a in doc.Descendants().Attributes())
        {
            Assert.DoesNotContain("NaN", a.Value);
            Assert.DoesNotContain("Infinity", a.Value);
            Assert.DoesNotContain("\u221E", a.Value);
        }
        var ids = doc.Descendants().Attributes("id").Select(a => a.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Recipe_is_byte_stable_across_builds() =>
        Assert.Equal(Recipes.Annotations().ToSvg(), Recipes.Annotations().ToSvg());
}
