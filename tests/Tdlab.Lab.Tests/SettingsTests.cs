using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Tests;

/// <summary>Lab v2 settings: enum names, range and finiteness rules, and run identity that survives a new setting.</summary>
public class SettingsTests
{
    public enum Kind
    {
        [SettingName("")]
        None,
        ReluNet,
        WeightDecay,
    }

    public record Settings
    {
        [Positive]
        public int Width { get; init; } = 8;

        [Between(0, 1)]
        public double Noise { get; init; } = 0.2;

        [NotEmpty]
        public double[] Rates { get; init; } = [0.1];

        public Kind Kind { get; init; } = Kind.ReluNet;
    }

    /// <summary>The same settings after a setting was added (with [OmitWhenDefault], as every new setting must be).</summary>
    public record SettingsWithNewKnob : Settings
    {
        [OmitWhenDefault]
        public double Momentum { get; init; }
    }

    [Fact]
    public void Enums_are_named_in_kebab_case_or_by_their_setting_name_and_never_parsed_from_numbers()
    {
        Assert.Equal(["", "relu-net", "weight-decay"], EnumNames.All(typeof(Kind)));
        Assert.Equal(Kind.ReluNet, EnumNames.Parse(typeof(Kind), "relu-net"));
        Assert.Equal(Kind.ReluNet, EnumNames.Parse(typeof(Kind), "ReluNet"));
        Assert.Equal(Kind.None, EnumNames.Parse(typeof(Kind), ""));
        Assert.Null(EnumNames.Parse(typeof(Kind), "1"));
        Assert.Equal("{\"kind\":\"\",\"noise\":0.2,\"rates\":[0.1],\"width\":8}", CanonicalJson.Serialize(new Settings { Kind = Kind.None }));
        var e = Assert.Throws<BadInputException>(() => ConfigValueParser.Parse("kind", "-1", typeof(Kind)));
        Assert.Contains("one of: , relu-net, weight-decay", e.Message);
    }

    [Fact]
    public void A_setting_added_with_omit_when_default_keeps_the_identity_of_runs_that_do_not_use_it()
    {
        string before = CanonicalJson.Serialize(new Settings());
        Assert.Equal(before, CanonicalJson.Serialize(new SettingsWithNewKnob()));
        Assert.Contains("\"momentum\":0.9", CanonicalJson.Serialize(new SettingsWithNewKnob { Momentum = 0.9 }));
        Assert.NotEqual(RunSpec.IdOf("x", before, 0), RunSpec.IdOf("x", CanonicalJson.Serialize(new SettingsWithNewKnob { Momentum = 0.9 }), 0));
    }

    [Theory]
    [InlineData("width", "0", "> 0")]
    [InlineData("noise", "nan", "finite")]
    [InlineData("noise", "1.5", "in [0, 1]")]
    [InlineData("noise", "Infinity", "finite")]
    [InlineData("rates", "0.1,NaN", "finite")]
    [InlineData("rates", "", "must not be empty")]
    public void Settings_out_of_range_or_not_finite_are_bad_input_naming_the_key(string key, string value, string expected)
    {
        var config = ConfigOverrides.Apply(new Settings(), [$"{key}={value}"], "test");
        var e = Assert.Throws<BadInputException>(() => SettingRules.Validate(config));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Settings_in_range_pass()
    {
        SettingRules.Validate(new Settings());
        SettingRules.Validate(new Settings { Noise = 0, Width = 1 });
    }
}
