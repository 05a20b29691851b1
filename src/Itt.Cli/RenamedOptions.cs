namespace Itt.Cli;

/// <summary>
/// Option names of earlier releases that said less of what they count. On the command line they still work, with a
/// note naming the new option, so that scripts keep running; a configuration file (new with the renamed options)
/// is told the new key instead.
/// </summary>
public static class RenamedOptions
{
    private static readonly Dictionary<string, Dictionary<string, string>> ByCommand = new(StringComparer.Ordinal)
    {
        ["train"] = new(StringComparer.Ordinal)
        {
            ["--episodes"] = "--rollout-episodes",
            ["--eval-episodes"] = "--iteration-eval-episodes",
            ["--final-episodes"] = "--final-eval-episodes",
        },
        ["compare"] = new(StringComparer.Ordinal)
        {
            ["--eval-episodes"] = "--iteration-eval-episodes",
            ["--final-episodes"] = "--final-eval-episodes",
        },
    };

    /// <summary>The current name of <paramref name="option"/> (with dashes) in <paramref name="command"/>, or null if it was not renamed.</summary>
    public static string? CurrentName(string command, string option) =>
        ByCommand.TryGetValue(command, out var renamed) && renamed.TryGetValue(option, out var current) ? current : null;

    /// <summary>
    /// <paramref name="args"/> with every old option name of its command (the first argument) replaced by the new one,
    /// in both <c>--old value</c> and <c>--old=value</c> forms; writes one note per old name to <paramref name="error"/>.
    /// </summary>
    public static string[] Rewrite(string[] args, TextWriter error)
    {
        if (args.Length == 0 || !ByCommand.TryGetValue(args[0], out var renamed)) return args;
        var rewritten = (string[])args.Clone();
        for (int i = 1; i < rewritten.Length; i++)
        {
            if (rewritten[i] == "--") break; // what follows is not an option
            int separator = rewritten[i].IndexOfAny(['=', ':']);
            string name = separator < 0 ? rewritten[i] : rewritten[i][..separator];
            if (!renamed.TryGetValue(name, out var current)) continue;
            error.WriteLine($"itt: note: {name} is now {current}; the old name will go in a later release");
            rewritten[i] = current + rewritten[i][name.Length..];
        }
        return rewritten;
    }
}
