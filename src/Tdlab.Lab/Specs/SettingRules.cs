using System.Globalization;
using System.Reflection;

namespace Tdlab.Lab.Specs;

/// <summary>
/// Checks a resolved config against its declaration before anything runs: every floating-point setting (and
/// element of an array setting) finite unless marked <see cref="AllowNonFiniteAttribute"/>; ranges from
/// <see cref="SettingConstraintAttribute"/>s; arrays marked <see cref="NotEmptyAttribute"/> non-empty; enum
/// values defined members. The first violation is a <see cref="BadInputException"/> naming key, value and
/// what was expected.
/// </summary>
public static class SettingRules
{
    public static void Validate(object config)
    {
        foreach (PropertyInfo p in config.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.SetMethod is not { IsPublic: true } || !ConfigValueParser.Supports(p.PropertyType))
                continue;
            string key = ConfigKeys.Of(p.Name);
            object? value = p.GetValue(config);
            if (value is Array array)
            {
                if (array.Length == 0 && p.IsDefined(typeof(NotEmptyAttribute)))
                    throw new BadInputException($"key '{key}' must not be empty");
                foreach (object? element in array)
                    Check(p, key, element);
            }
            else
            {
                Check(p, key, value);
            }
        }
    }

    private static void Check(PropertyInfo p, string key, object? value)
    {
        if (value is Enum e && !Enum.IsDefined(e.GetType(), e))
            throw new BadInputException($"bad value '{e}' for key '{key}': expected one of: {string.Join(", ", EnumNames.All(e.GetType()))}");
        double? number = value switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            _ => null,
        };
        if (number is not double x)
            return;
        if ((value is double or float) && !double.IsFinite(x) && !p.IsDefined(typeof(AllowNonFiniteAttribute)))
            throw new BadInputException($"bad value '{Text(x)}' for key '{key}': expected a finite number");
        foreach (SettingConstraintAttribute c in p.GetCustomAttributes<SettingConstraintAttribute>())
            if (!c.Admits(x))
                throw new BadInputException($"bad value '{Text(x)}' for key '{key}': expected a number {c.Expected}");
    }

    private static string Text(double x) => x.ToString("G", CultureInfo.InvariantCulture);
}
