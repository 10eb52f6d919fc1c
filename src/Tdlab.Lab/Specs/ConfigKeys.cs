using System.Text.Json;

namespace Tdlab.Lab.Specs;

/// <summary>
/// Config keys are the property names in kebab-case (<c>LearningRate</c> -> <c>learning-rate</c>);
/// snake_case and the property name itself are accepted too, because keys are matched after removing
/// '-' and '_' and ignoring case.
/// </summary>
public static class ConfigKeys
{
    /// <summary>The documented key of a property name: kebab-case, lower.</summary>
    public static string Of(string propertyName) => JsonNamingPolicy.KebabCaseLower.ConvertName(propertyName);

    /// <summary>The form used to compare keys: lower case without '-' and '_'.</summary>
    public static string Normalise(string key) =>
        new(key.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());
}
