using System.CommandLine;
using System.Text;
using Itt.Export;
using Itt.Export.Json;
using Itt.Export.Onnx;
using Itt.Policies;
using Itt.Policies.Indexes;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Cli.Commands;

/// <summary><c>itt export</c>: writes a run's policy as an ONNX model or as readable JSON, with A* fixed at export.</summary>
public static class ExportCommand
{
    private enum Format { Onnx, Json }

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var run = new Argument<string>("run") { Description = "Run folder (holding checkpoint.itt)." };
        var format = Choices.Option("--format", "Output format.", new Dictionary<string, Format> { ["onnx"] = Format.Onnx, ["json"] = Format.Json }, Format.Onnx);
        var output = new Option<string>("--out", "-o") { Description = "File to write.", Required = true };
        var samples = new Option<int>("--action-samples", "-N") { Description = "N, the candidates of A* for a continuous action space (default: the run's N)." };
        var seed = new Option<ulong>("--candidate-seed") { Description = "Seed A* is drawn from (default: the run's seed)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file." };
        var command = new Command("export", "Export a trained policy for use elsewhere: ONNX (state tower, fixed A*, argmax in one graph) or JSON.")
            { run, format, output, samples, seed, force };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            if (File.Exists(path) && !parse.GetValue(force)) throw new UsageException($"output file exists: {path} (use --force to replace it)");
            if (Directory.Exists(path)) throw new UsageException($"output path is a folder: {path}");
            var folder = RunFolder.Open(parse.GetValue(run)!);
            var (config, state) = Checkpoint.Load(folder.CheckpointPath);
            int n = parse.Given(samples) ? parse.GetValue(samples) : config.ActionSamples;
            if (n < 1) throw new UsageException($"--action-samples must be at least 1 (got {n})");
            var architecture = EsTrainer.ArchitectureFor(config, threads: 1); // one policy is frozen; θ was checked against it when loaded
            var policy = FrozenPolicy.Create(architecture, state.Theta, n, parse.Given(seed) ? parse.GetValue(seed) : config.Seed,
                NormalizationOf(config, state));
            byte[] bytes = parse.GetValue(format) == Format.Onnx
                ? OnnxExport.ToBytes(policy, config.Environment)
                : Encoding.UTF8.GetBytes(PolicyJson.Serialize(policy, config.Environment));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.WriteAllBytes(path, bytes);
            context.Output.WriteLine($"{config.Environment} {config.Policy.ToString().ToLowerInvariant()} iteration {state.Iteration} → {path} " +
                                     $"({bytes.Length / 1024.0:0.#} KiB{Describe(policy)})");
            foreach (var note in Differences(config)) context.Output.WriteLine($"note: {note}");
            return 0;
        });
        return command;
    }

    /// <summary>The run's frozen observation normaliser as the exporters take it, or null when the run does not normalise.</summary>
    internal static ObservationNormalization? NormalizationOf(TrainingConfig config, TrainingState state)
        => config.NormalizeObservations && state.Observations?.Freeze() is { } n ? new ObservationNormalization(n.Mean.ToArray(), n.Std.ToArray()) : null;

    /// <summary>How the exported policy, always the exact argmax over a fixed A*, acts otherwise than the run did.</summary>
    private static IEnumerable<string> Differences(TrainingConfig config)
    {
        if (config.Policy == PolicyKind.Explicit) yield break;
        if (config.Selection == ActionSelection.Softmax)
            yield return "the run samples from the softmax of its scores; the model takes their argmax (a graph draws no random numbers)";
        var index = (config.InferenceIndex ?? config.Index).Kind;
        if (index != IndexKind.BruteForce)
            yield return $"the run searches A* with its {IndexName(index)} index; the model scores every candidate, the exact argmax that index approximates";
    }

    private static string IndexName(IndexKind kind) => kind switch
    {
        IndexKind.Srp => "SRP",
        IndexKind.RandomFeatureTree => "random-feature-tree",
        _ => kind.ToString(),
    };

    private static string Describe(FrozenPolicy policy) => policy.Candidates switch
    {
        null => "",
        { IsFixed: true } c => $", A* = all {c.Count} actions",
        { } c => $", A* = {c.Count} candidates from seed {policy.CandidateSeed}",
    };
}
