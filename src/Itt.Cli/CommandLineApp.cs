using System.CommandLine;
using System.CommandLine.Parsing;
using Itt.Cli.Commands;
using Itt.Environments.Registry;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Runs;

namespace Itt.Cli;

/// <summary>Builds the <c>itt</c> command tree and maps failures to exit codes: 2 for bad input, 1 for anything else.</summary>
public static class CommandLineApp
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageError = 2;

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Implicit two-tower (ITT) policies trained with orthogonal antithetic Evolution Strategies.");
        var context = new CliContext(output, error);
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(CompareCommand.Create(context));
        root.Subcommands.Add(ResultsCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(EnvsCommand.Create(context));
        root.Subcommands.Add(WorkerCommand.Create(context));

        var parse = root.Parse(RenamedOptions.Rewrite(args, error));
        if (parse.Errors.Count > 0 || SwallowedOption(parse) is not null)
        {
            error.WriteLine($"itt: error: {ParseProblem(parse)}");
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUsage(e))
        {
            error.WriteLine($"itt: error: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("ITT_DEBUG") is null)
        {
            error.WriteLine($"itt: failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The parse error that names the problem: a missing or unknown command with the commands that exist and the
    /// nearest one, an option missing its value (rather than the stray token that follows), else the parser's first.
    /// </summary>
    private static string ParseProblem(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            string path = command is RootCommand ? "itt" : $"itt {command.Name}";
            var names = command.Subcommands.Select(c => c.Name).ToArray();
            if (parse.UnmatchedTokens.FirstOrDefault() is not string typed)
                return $"{path} needs a command: {string.Join(", ", names)}";
            string nearest = names.MinBy(n => EditDistance(typed.ToLowerInvariant(), n))!;
            string hint = EditDistance(typed.ToLowerInvariant(), nearest) <= Math.Max(2, nearest.Length / 2) ? $" (did you mean '{nearest}'?)" : "";
            return $"'{typed}' is not an {path} command{hint}; commands: {string.Join(", ", names)}";
        }
        if (SwallowedOption(parse) is string swallowed) return swallowed;
        // An option's own error names the problem; the stray token it leaves behind ('3' in `--sigma --iterations 3`) does not.
        foreach (var e in parse.Errors)
        {
            if (e.SymbolResult is OptionResult { Option: var option } result)
            {
                string? token = result.Tokens.FirstOrDefault()?.Value;
                if (token is null || token.StartsWith("--", StringComparison.Ordinal) || e.Message.Contains("Required argument missing", StringComparison.Ordinal))
                    return $"{option.Name} needs a value{(token is null ? "" : $" (found the option '{token}' instead)")}";
                if (e.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
                    return $"{option.Name}: '{token}' is not {Kind(option.ValueType)}";
                return e.Message;
            }
            if (e.SymbolResult is ArgumentResult { Argument: var argument } && e.Message.Contains("Required argument missing", StringComparison.Ordinal))
                return $"itt {parse.CommandResult.Command.Name} needs the <{argument.Name}> argument";
        }
        return parse.Errors[0].Message;
    }

    /// <summary>A text option that took the next option as its value (`--runs-dir --iterations 3`), or null.</summary>
    private static string? SwallowedOption(ParseResult parse)
    {
        var options = parse.CommandResult.Command.Options;
        foreach (var child in parse.CommandResult.Children.OfType<OptionResult>())
            foreach (var token in child.Tokens)
                if (options.Any(o => o.Name == token.Value || o.Aliases.Contains(token.Value)))
                    return $"{child.Option.Name} needs a value (found the option '{token.Value}' instead)";
        return null;
    }

    private static string Kind(Type type) => type == typeof(double) ? "a number"
        : type == typeof(ulong) ? "a whole number >= 0"
        : type == typeof(int) ? "a whole number" : $"a valid {type.Name}";

    /// <summary>Levenshtein distance, for the nearest command.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static bool IsUsage(Exception e) => e is UsageException or ArgumentException or KeyNotFoundException
        or CheckpointException or RunFolderException or ConfigurationMismatchException or EnvironmentUnavailableException
        or Cluster.Hosting.ClusterStartException;
}

/// <summary>Where commands write.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error);
