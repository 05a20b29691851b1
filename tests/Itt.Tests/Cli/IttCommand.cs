using Itt.Cli;

namespace Itt.Tests.Cli;

/// <summary>The real <c>itt</c> command run in-process, with its exit code and what it wrote.</summary>
public static class IttCommand
{
    /// <summary>Runs <c>itt <paramref name="args"/></c> and returns the exit code, standard output and standard error.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLineApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
