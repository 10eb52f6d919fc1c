using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdlab.Lab.Specs;

/// <summary>Writes and reads every enum by its <see cref="EnumNames"/> setting name (numbers are refused).</summary>
public sealed class EnumNameConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Of<>).MakeGenericType(typeToConvert))!;

    private sealed class Of<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"expected a {typeof(TEnum).Name} name");
            return EnumNames.Parse(typeof(TEnum), text) is TEnum value
                ? value
                : throw new JsonException($"unknown {typeof(TEnum).Name} '{text}'; valid: {string.Join(", ", EnumNames.All(typeof(TEnum)))}");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(EnumNames.Of(value));
    }
}
