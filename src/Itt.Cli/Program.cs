namespace Itt.Cli;

/// <summary>Entry point of the <c>itt</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line and exits with its code, even if a library left a foreground thread behind (a silo that never stopped).</summary>
    public static int Main(string[] args)
    {
        int code = CommandLineApp.Run(args, Console.Out, Console.Error);
        Console.Out.Flush();
        Environment.Exit(code);
        return code;
    }
}
