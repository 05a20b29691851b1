using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Itt.Cli.Commands;

/// <summary>
/// A command's options as a JSON file: one key per long option name without its dashes (<c>{"env": "Hopper-v4",
/// "sigma": 0.5, "linear": true}</c>). Options typed on the command line win over the file's.
/// </summary>
public static class ConfigFile
{
    /// <summary>The long name of <paramref name="option"/> without dashes: its key in a file.</summary>
    public static string KeyOf(Option option) => option.Name.TrimStart('-');

    /// <summary>
    /// Reads <paramref name="path"/> and returns the command line of its keys, leaving out keys given in
    /// <paramref name="typed"/> (typed on the command line). An unreadable file, an unknown key, a value of the wrong type, or a value the option
    /// refuses throws <see cref="UsageException"/> naming the file and key; <paramref name="check"/> validates one key
    /// at a time (returns a problem or null) so a range error names its key too.
    /// </summary>
    public static string[] Read(string path, Command command, IReadOnlySet<string> excluded, Func<Option, bool> typed,
        Func<ParseResult, string?> check)
    {
        JsonObject file;
        try
        {
            file = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UsageException($"{path}: the configuration must be a JSON object");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read configuration file {path}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}: not valid JSON ({e.Message})");
        }
        var options = command.Options.Where(o => !excluded.Contains(KeyOf(o))).ToDictionary(KeyOf, StringComparer.Ordinal);
        var tokens = new List<string>();
        foreach (var (key, value) in file)
        {
            if (!options.TryGetValue(key, out var option) && RenamedOptions.CurrentName(command.Name, "--" + key) is string current)
                throw new UsageException($"{path}: key '{key}' is now '{current.TrimStart('-')}'");
            if (option is null)
                throw new UsageException($"{path}: unknown key '{key}' (known: {string.Join(", ", options.Keys.Order(StringComparer.Ordinal))})");
            var own = Tokens(path, key, value);
            var alone = command.Parse(own);
            if (alone.Errors.Count > 0) throw new UsageException($"{path}: '{key}': {alone.Errors[0].Message}");
            if (check(alone) is string problem) throw new UsageException($"{path}: '{key}': {problem}");
            if (!typed(option)) tokens.AddRange(own);
        }
        return tokens.ToArray();

        // value → ["--key", "value"…]; false switches off nothing, so it is left out.
        static List<string> Tokens(string path, string key, JsonNode? value) => value switch
        {
            null => throw new UsageException($"{path}: '{key}' is null; leave the key out for the default"),
            JsonValue v when v.GetValueKind() == JsonValueKind.True => ["--" + key],
            JsonValue v when v.GetValueKind() == JsonValueKind.False => [],
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ["--" + key, v.GetValue<string>()],
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => ["--" + key, v.ToJsonString()],
            JsonArray a => ["--" + key, .. a.Select(item => item is JsonValue iv && iv.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                ? iv.GetValueKind() == JsonValueKind.String ? iv.GetValue<string>() : iv.ToJsonString()
                : throw new UsageException($"{path}: '{key}' must list strings or numbers"))],
            _ => throw new UsageException($"{path}: '{key}' must be a string, number, boolean or list"),
        };
    }

    /// <summary>Writes <paramref name="values"/> (key → string, number, boolean or null to leave out) as a configuration file.</summary>
    public static string Write(IEnumerable<(string Key, object? Value)> values)
    {
        var file = new JsonObject();
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case null: break;
                case bool b: file[key] = b; break;
                case string s: file[key] = s; break;
                case double d: file[key] = JsonValue.Create(d); break;
                case IFormattable f: file[key] = JsonNode.Parse(f.ToString(null, CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"unsupported value for {key}: {value}");
            }
        }
        return file.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
