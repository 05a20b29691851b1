using System.CommandLine;
using Itt.Environments.Registry;
using Itt.Training.Presets;

namespace Itt.Cli.Commands;

/// <summary><c>itt envs</c>: lists registered environments and whether they can run here.</summary>
public static class EnvsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("envs", "List environment ids, their limits, presets and availability.");
        command.SetAction(_ =>
        {
            foreach (var id in EnvironmentRegistry.Ids)
            {
                var spec = EnvironmentRegistry.Get(id);
                string missing = spec.MissingDependency?.Invoke() is string m ? $"  unavailable: {m}" : "";
                // Each budget says whose it is: the paper's (with the table) or ours where the paper gives none.
                string preset = PaperPresets.Find(id) is { } p ? $"  preset: {p.Iterations} iterations, {p.IterationSource}" : "";
                context.Output.WriteLine($"{id,-28} {spec.Family,-10} max steps {spec.MaxEpisodeSteps,5}  threshold {spec.RewardThreshold?.ToString() ?? "none",7}{preset}{missing}");
            }
            return 0;
        });
        return command;
    }
}
