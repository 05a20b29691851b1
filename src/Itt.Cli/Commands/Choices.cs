using System.CommandLine;
using System.CommandLine.Parsing;

namespace Itt.Cli.Commands;

/// <summary>Options whose values come from a fixed list of names.</summary>
public static class Choices
{
    /// <summary>An option accepting the names in <paramref name="values"/>.</summary>
    public static Option<T> Option<T>(string name, string description, IReadOnlyDictionary<string, T> values, T defaultValue)
    {
        // The choices are listed once, as the value's name in the usage column.
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join("|", values.Keys),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, values),
        };
        option.CompletionSources.Add(values.Keys.ToArray());
        return option;
    }

    private static T Parse<T>(ArgumentResult result, string name, IReadOnlyDictionary<string, T> values)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (values.TryGetValue(token.ToLowerInvariant(), out var value)) return value;
        result.AddError($"{name}: '{token}' is not one of {string.Join(", ", values.Keys)}");
        return default!;
    }

    /// <summary>True when the user typed <paramref name="option"/> (not just its default).</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
