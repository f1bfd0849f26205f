using System.Text.Json;
using System.Text.Json.Serialization;
using MedicalContent.Model;

namespace MedicalContent.Serialization;

/// <summary>Reads and writes <see cref="LocalizedText"/> as a string or an object of variants, without reflection.</summary>
public sealed class LocalizedTextConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return LocalizedText.Of(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Text must be a string or an object of per-audience strings.");
        }

        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"The '{key}' variant must be a string.");
            }

            variants[key] = reader.GetString()!;
        }

        return LocalizedText.OfVariants(variants);
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        if (value.Invariant is not null)
        {
            writer.WriteStringValue(value.Invariant);
            return;
        }

        writer.WriteStartObject();
        foreach (var (key, text) in value.Variants)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }
}
