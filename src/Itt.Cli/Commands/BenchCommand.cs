using System.CommandLine;
using System.Diagnostics;
using Itt.Core.Random;
using Itt.Environments.Registry;
using Itt.Experiments.Presets;
using Itt.Policies;
using Itt.Training.Configuration;

namespace Itt.Cli.Commands;

/// <summary>
/// <c>itt bench decide</c>: per-step decision time of ITT, IOT and explicit policies measured side by side on
/// the same recorded observations, reported as medians over repeats and as ratios.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var bench = new Command("bench", "Side-by-side timing benchmarks (medians and ratios from one run).");
        var env = new Option<string>("--env") { Description = "Environment id (continuous action space).", DefaultValueFactory = _ => "MountainCarContinuous-v0" };
        var samples = new Option<int>("--action-samples", "-N") { Description = "N, candidate actions per step.", DefaultValueFactory = _ => 1000 };
        var steps = new Option<int>("--steps") { Description = "Decisions per repeat.", DefaultValueFactory = _ => 2000 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats (the median is reported).", DefaultValueFactory = _ => 7 };
        var decide = new Command("decide", "Per-step decision time of ITT, IOT and explicit policies.") { env, samples, steps, repeats };
        decide.SetAction(parse =>
        {
            int n = parse.GetValue(samples), count = parse.GetValue(steps), r = parse.GetValue(repeats);
            if (n < 1 || count < 1 || r < 1) throw new UsageException("--action-samples, --steps and --repeats must be at least 1");
            string id = parse.GetValue(env)!;
            var rows = DecisionTimes(id, n, count, r);
            double itt = rows.First(x => x.Kind == PolicyKind.Itt).Median;
            context.Output.WriteLine($"decision time per step on {id}, N = {n}, {count} steps × {r} repeats, {System.Environment.ProcessorCount} cores visible");
            context.Output.WriteLine($"{"policy",-10} {"D",5} {"median µs/step",15} {"min µs/step",12} {"× ITT",8}");
            foreach (var row in rows)
                context.Output.WriteLine($"{row.Kind.ToString().ToUpperInvariant(),-10} {row.Parameters,5} {row.Median,15:0.000} {row.Min,12:0.000} {row.Median / itt,8:0.00}");
            return 0;
        });
        bench.Subcommands.Add(decide);
        return bench;
    }

    /// <summary>One policy's timing.</summary>
    public sealed record DecisionTime(PolicyKind Kind, int Parameters, double Median, double Min);

    /// <summary>Times <see cref="Policy.Act"/> for each kind on the same observations, interleaving kinds per repeat.</summary>
    public static IReadOnlyList<DecisionTime> DecisionTimes(string environmentId, int actionSamples, int steps, int repeats)
    {
        using var env = EnvironmentRegistry.Make(environmentId);
        var observations = RecordObservations(env, steps);
        var kinds = new[] { PolicyKind.Itt, PolicyKind.Iot, PolicyKind.Explicit };
        var preset = PaperPresets.Find(environmentId);
        var policies = kinds.Select(kind =>
        {
            var layers = preset?.LayersFor(kind) ?? new LayerOptions();
            var architecture = PolicyArchitecture.Create(kind, env.ObservationSpace.Dimension, env.ActionSpace, layers);
            var policy = Policy.Create(architecture, new PolicyOptions(actionSamples));
            var theta = new float[architecture.ParameterCount];
            var rng = new CounterRng(7, StreamPurpose.User);
            for (int k = 0; k < theta.Length; k++) theta[k] = (float)rng.NextGaussian();
            policy.Bind(theta);
            return policy;
        }).ToArray();
        var times = kinds.Select(_ => new List<double>()).ToArray();
        var action = new float[env.ActionSpace.Dimension];
        for (int rep = -1; rep < repeats; rep++) // repeat −1 warms up the JIT
        {
            for (int p = 0; p < policies.Length; p++)
            {
                policies[p].BeginEpisode(new CounterRng(11, StreamPurpose.User, rep));
                var clock = Stopwatch.StartNew();
                foreach (var obs in observations) policies[p].Act(obs, action);
                if (rep >= 0) times[p].Add(clock.Elapsed.TotalMicroseconds / observations.Count);
            }
        }
        return kinds.Select((kind, p) =>
        {
            var sorted = times[p].Order().ToArray();
            return new DecisionTime(kind, policies[p].Architecture.ParameterCount, sorted[sorted.Length / 2], sorted[0]);
        }).ToArray();
    }

    private static List<float[]> RecordObservations(Itt.Environments.Environment env, int steps)
    {
        var list = new List<float[]>(steps);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        var rng = new CounterRng(3, StreamPurpose.User);
        env.Reset(1, obs);
        while (list.Count < steps)
        {
            list.Add((float[])obs.Clone());
            for (int j = 0; j < action.Length; j++) action[j] = (float)rng.Uniform(-1, 1);
            if (env.ActionSpace is Itt.Environments.Spaces.DiscreteSpace d) action[0] = rng.NextInt(d.Count);
            if (env.Step(action, obs).Done) env.Reset(null, obs);
        }
        return list;
    }
}
