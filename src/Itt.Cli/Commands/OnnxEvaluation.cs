using System.Globalization;
using Itt.Core.Random;
using Itt.Environments.Registry;
using Itt.Experiments.Reports;
using Itt.Export;
using Itt.Policies;
using Itt.Training.Configuration;

namespace Itt.Cli.Commands;

/// <summary>
/// <c>itt eval RUN --onnx MODEL</c>: K episodes driven by the exported model through ONNX Runtime, next to the same
/// episodes of the run's C# policy with the model's A* (its N and seed are in the model's metadata).
/// </summary>
public static class OnnxEvaluation
{
    /// <summary>Runs the episodes and prints both results, and whether every episode return agrees.</summary>
    public static void Run(CliContext context, TrainingConfig config, PolicyArchitecture architecture, ReadOnlySpan<double> theta,
        string modelPath, int episodes, ulong seed, ObservationNormalization? normalization = null)
    {
        using var model = new OnnxPolicyModel(modelPath);
        if (model.Metadata.TryGetValue("itt.environment", out var environment) && environment != config.Environment)
            throw new UsageException($"the model was exported for {environment}, the run trains {config.Environment}");
        if (model.ObservationSize != architecture.ObservationSize || model.ActionSize != architecture.ActionSpace.Dimension)
            throw new UsageException($"the model maps {model.ObservationSize} → {model.ActionSize} values, the run's policy {architecture.ObservationSize} → {architecture.ActionSpace.Dimension}");
        int n = config.ActionSamples;
        ulong candidateSeed = config.Seed;
        if ((model.Metadata.TryGetValue("itt.action_samples", out var samples) && !int.TryParse(samples, CultureInfo.InvariantCulture, out n))
            || (model.Metadata.TryGetValue("itt.candidate_seed", out var s) && !ulong.TryParse(s, CultureInfo.InvariantCulture, out candidateSeed)))
            throw new UsageException($"the model's itt.action_samples or itt.candidate_seed metadata is not a number: {modelPath}");
        var reference = FrozenPolicy.Create(architecture, theta, n, candidateSeed, normalization);

        using var env = EnvironmentRegistry.Make(config.Environment);
        var onnx = new double[episodes];
        var csharp = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            ulong episodeSeed = StreamKey.Mix(seed, (ulong)e);
            onnx[e] = PolicyRollout.Run(env, episodeSeed, model.Act).Return;
            csharp[e] = PolicyRollout.Run(env, episodeSeed, reference.Act).Return;
        }
        var (mean, std) = ResultsTable.MeanStd(onnx);
        var (referenceMean, referenceStd) = ResultsTable.MeanStd(csharp);
        int agree = onnx.Zip(csharp).Count(p => p.First == p.Second);
        context.Output.WriteLine($"{config.Environment} onnx model {Path.GetFileName(modelPath)}: {ReportFormat.Return(mean)} ± {ReportFormat.Return(std)} over {episodes} episodes");
        context.Output.WriteLine($"C# policy with the same A*: {ReportFormat.Return(referenceMean)} ± {ReportFormat.Return(referenceStd)}; " +
                                 $"{agree} of {episodes} episode returns identical");
    }
}
