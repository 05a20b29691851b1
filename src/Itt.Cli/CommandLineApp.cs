using System.CommandLine;
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
        root.Subcommands.Add(CompareCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(EnvsCommand.Create(context));
        root.Subcommands.Add(WorkerCommand.Create(context));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"itt: error: {parse.Errors[0].Message}");
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

    private static bool IsUsage(Exception e) => e is UsageException or ArgumentException or KeyNotFoundException
        or CheckpointException or RunFolderException or ConfigurationMismatchException or EnvironmentUnavailableException;
}

/// <summary>Where commands write.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error);
