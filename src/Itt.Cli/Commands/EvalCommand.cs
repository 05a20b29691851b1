using System.CommandLine;
using Itt.Experiments.Reports;
using Itt.Policies.Indexes;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Training.Runs;

namespace Itt.Cli.Commands;

/// <summary><c>itt eval</c>: loads a run's checkpoint and reports the mean ± std return over K episodes.</summary>
public static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var run = new Argument<string>("run") { Description = "Run folder (holding checkpoint.itt)." };
        var episodes = new Option<int>("--episodes", "-K") { Description = "Episodes to run.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the evaluation episodes.", DefaultValueFactory = _ => 12345UL };
        var threads = new Option<int>("--threads") { Description = "Threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var index = Choices.Option("--index", "ITT action index for this evaluation (default: the run's inference index).",
            new Dictionary<string, IndexKind> { ["brute"] = IndexKind.BruteForce, ["srp"] = IndexKind.Srp, ["rft"] = IndexKind.RandomFeatureTree }, IndexKind.BruteForce);
        var onnx = new Option<string>("--onnx") { Description = "Drive the episodes with this exported ONNX model (see `itt export`) instead of the C# policy." };
        var command = new Command("eval", "Evaluate a trained run: mean ± std return over K episodes, and their mean length.") { run, episodes, seed, threads, index, onnx };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(episodes);
            if (k < 1) throw new UsageException($"--episodes must be at least 1 (got {k})");
            if (parse.GetValue(threads) < 0) throw new UsageException("--threads must be 0 or more");
            var folder = RunFolder.Open(parse.GetValue(run)!);
            var (config, state) = Checkpoint.Load(folder.CheckpointPath);
            if (parse.Given(index)) config = config with { InferenceIndex = (config.InferenceIndex ?? config.Index) with { Kind = parse.GetValue(index) } };
            MemoryEstimate.Check(config, parse.GetValue(threads), k, training: false); // -K 10⁹ is refused here, not by an OutOfMemoryException
            var architecture = EsTrainer.ArchitectureFor(config, threads: 1); // sized for --threads above; θ was checked against it when loaded
            var normalizer = config.NormalizeObservations ? state.Observations?.Freeze() : null;
            if (parse.GetValue(onnx) is string model)
            {
                OnnxEvaluation.Run(context, config, architecture, state.Theta, model, k, parse.GetValue(seed), ExportCommand.NormalizationOf(config, state));
                return 0;
            }
            var outcomes = PolicyEvaluation.Episodes(config, architecture, state.Theta, k, parse.GetValue(seed), parse.GetValue(threads),
                normalizer: normalizer);
            var (mean, std) = ResultsTable.MeanStd(outcomes.Select(o => o.Return).ToArray());
            // The length tells a policy that survives by standing still (Hopper's ~1,000 = 1,000 steps × the healthy reward) from one that moves.
            context.Output.WriteLine($"{config.Environment} {config.Policy.ToString().ToLowerInvariant()} iteration {state.Iteration}: " +
                                     $"{ReportFormat.Return(mean)} ± {ReportFormat.Return(std)} over {k} episodes " +
                                     $"of {outcomes.Average(o => o.Steps).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} steps on average");
            return 0;
        });
        return command;
    }
}
