using System.Globalization;
using System.Text.Json;
using Itt.Experiments.Reports;
using Itt.Experiments.Statistics;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Training.Runs;
using Spectre.Console;

namespace Itt.Cli.Commands;

/// <summary>The table printed (and saved as <c>results.json</c>) at the end of a run.</summary>
public static class ResultsTable
{
    /// <summary>Evaluates the final θ on <paramref name="finalEpisodes"/> episodes and prints the summary.</summary>
    public static void Print(IAnsiConsole console, TrainingSession session, IReadOnlyList<IterationMetrics> metrics, int finalEpisodes)
    {
        var trainer = session.Trainer;
        var config = session.Config;
        double[] finals = finalEpisodes > 0
            ? PolicyEvaluation.Run(config, trainer.Architecture, trainer.Theta, finalEpisodes, PolicyEvaluation.FinalSeed(config.Seed), config.Threads ?? 0,
                normalizer: trainer.Normalizer)
            : [];
        var (mean, std) = MeanStd(finals);
        var last = metrics.Count > 0 ? metrics[^1] : null;
        var table = new Table().Title("[bold]results[/]").AddColumns("quantity", "value");
        table.AddRow("environment", Markup.Escape(config.Environment));
        table.AddRow("policy", Markup.Escape(trainer.Architecture.ToString()));
        table.AddRow("iterations", trainer.Iteration.ToString(CultureInfo.InvariantCulture));
        if (config.TargetReturn is double target)
            table.AddRow("target return", $"{ReportFormat.Return(target)}: {(session.ReachedTarget ? $"reached at iteration {trainer.Iteration}" : "not reached")}");
        table.AddRow("environment steps", (last?.EnvironmentSteps ?? 0).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("wall-clock", $"{last?.ElapsedSeconds ?? 0:0.0} s");
        table.AddRow("best mean perturbed return", ReportFormat.Return(metrics.Count > 0 ? metrics.Max(m => m.MeanReturn) : double.NaN));
        table.AddRow($"final θ return ({finals.Length} episodes)", finals.Length > 0 ? $"{ReportFormat.Return(mean)} ± {ReportFormat.Return(std)}" : "–");
        table.AddRow("learning curve", Markup.Escape(session.Folder.CurvePath));
        console.Write(table);
        var summary = new
        {
            environment = config.Environment,
            policy = config.Policy.ToString().ToLowerInvariant(),
            seed = config.Seed,
            parameters = trainer.Architecture.ParameterCount,
            iterations = trainer.Iteration,
            targetReturn = config.TargetReturn,
            reachedTarget = config.TargetReturn is null ? (bool?)null : session.ReachedTarget,
            environmentSteps = last?.EnvironmentSteps ?? 0,
            wallClockSeconds = last?.ElapsedSeconds ?? 0,
            finalReturns = finals,
            finalMean = finals.Length > 0 ? mean : (double?)null,
            finalStd = finals.Length > 0 ? std : (double?)null,
        };
        AtomicFile.WriteAllText(session.Folder.ResultsPath, JsonSerializer.Serialize(summary, Json.Options));
    }

    /// <summary>Mean and population standard deviation (see <see cref="Summary.MeanStd"/>).</summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values) => Summary.MeanStd(values);
}
