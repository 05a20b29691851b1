using System.Text.Json;
using System.Text.Json.Serialization;

namespace Itt.Core.Serialization;

/// <summary>
/// JSON for an optional count whose files (and configuration hashes) were written when 0 meant "automatic": null is
/// written as 0, and 0 or null reads back as null, so old files and hashes are unchanged.
/// </summary>
public sealed class UnsetAsZeroConverter : JsonConverter<int?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        int value = reader.GetInt32();
        return value == 0 ? null : value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options) => writer.WriteNumberValue(value ?? 0);
}
