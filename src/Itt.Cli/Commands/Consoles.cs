using Spectre.Console;

namespace Itt.Cli.Commands;

/// <summary>Spectre consoles bound to a writer: the real terminal, or plain text for redirected output and tests.</summary>
public static class Consoles
{
    /// <summary>A console writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole For(TextWriter writer)
    {
        if (ReferenceEquals(writer, Console.Out)) return AnsiConsole.Console;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
    }
}
