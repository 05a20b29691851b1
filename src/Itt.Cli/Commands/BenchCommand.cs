using System.CommandLine;
using Itt.Experiments.Benchmarks;
using Itt.Experiments.Results;
using Itt.Training.Presets;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;
using Itt.Training.Configuration;

namespace Itt.Cli.Commands;

/// <summary>
/// <c>itt bench</c>: side-by-side timing benchmarks. Every contender runs in the same process, interleaved within
/// each repeat, and the tables report medians and ratios, so the figures survive a noisy shared machine.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(CliContext context)
    {
        var bench = new Command("bench", "Side-by-side timing benchmarks (medians and ratios from one run).");
        bench.Subcommands.Add(Decide(context));
        bench.Subcommands.Add(Search(context));
        bench.Subcommands.Add(Lazy(context));
        bench.Subcommands.Add(Throughput(context));
        bench.Subcommands.Add(WallClock(context));
        bench.Subcommands.Add(KernelsCommand(context));
        bench.Subcommands.Add(ClusterBenchCommand.Create(context));
        return bench;
    }

    private static Option<int> Positive(string name, string description, int value)
        => new(name) { Description = description, DefaultValueFactory = _ => value, Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be at least 1"); } } };

    private static TrainingConfig Preset(string env, PolicyKind kind)
        => PaperPresets.ConfigFor(env, kind);

    private static Command Decide(CliContext context)
    {
        var env = new Option<string>("--env") { Description = "Environment id.", DefaultValueFactory = _ => "MountainCarContinuous-v0" };
        var samples = Positive("--action-samples", "N, candidate actions per step.", 1000);
        var steps = Positive("--steps", "Decisions per repeat.", 2000);
        var repeats = Positive("--repeats", "Repeats (the median is reported).", 7);
        var command = new Command("decide", "Per-step decision time of ITT, IOT and explicit policies.") { env, samples, steps, repeats };
        command.SetAction(parse =>
        {
            string id = parse.GetValue(env)!;
            int n = parse.GetValue(samples);
            var variants = new[] { PolicyKind.Itt, PolicyKind.Iot, PolicyKind.Explicit }
                .Select(k => new Variant(k.ToString().ToUpperInvariant(), Preset(id, k) with { ActionSamples = n })).ToArray();
            var rows = DecisionBenchmark.Run(variants, parse.GetValue(steps), parse.GetValue(repeats));
            double itt = rows[0].MedianMicroseconds;
            var o = context.Output;
            o.WriteLine($"decision time per step on {id}, N = {n} drawn every step, {parse.GetValue(steps)} steps × {parse.GetValue(repeats)} repeats");
            o.WriteLine($"{"policy",-10} {"D",5} {"median µs/step",15} {"min µs/step",12} {"× ITT",8}");
            foreach (var r in rows) o.WriteLine($"{r.Label,-10} {r.Parameters,5} {r.MedianMicroseconds,15:0.000} {r.MinMicroseconds,12:0.000} {r.MedianMicroseconds / itt,8:0.00}");
            return 0;
        });
        return command;
    }

    private static Command Search(CliContext context)
    {
        var env = new Option<string>("--env") { Description = "Environment id (Table 4 uses HalfCheetah).", DefaultValueFactory = _ => "HalfCheetah-v4" };
        var from = Positive("--min-exponent", "Smallest c of N = 2^c.", 10);
        var to = Positive("--max-exponent", "Largest c of N = 2^c.", 14);
        var bits = new Option<int>("--hash-bits") { Description = "SRP projections m (0: log2 N − 4, about 16 candidates per bucket).", DefaultValueFactory = _ => 6 };
        var sampling = Choices.Option("--sampling", "When A* is drawn.", new Dictionary<string, CandidateSampling>
            { ["per-step"] = CandidateSampling.PerStep, ["per-rollout"] = CandidateSampling.PerRollout, ["per-iteration"] = CandidateSampling.PerIteration }, CandidateSampling.PerIteration);
        var steps = Positive("--steps", "Decisions per repeat.", 1000);
        var perturbations = Positive("--perturbations", "M of the training measurement (per-step cost does not depend on it).", 2);
        var repeats = Positive("--repeats", "Repeats (the median is reported).", 3);
        var command = new Command("search", "Table 4: decision time and training wall-clock of IOT, ITT, ITT-SRP and ITT-RFT at N = 2^c.")
            { env, from, to, bits, sampling, steps, perturbations, repeats };
        command.SetAction(parse =>
        {
            string id = parse.GetValue(env)!;
            int lo = parse.GetValue(from), hi = parse.GetValue(to);
            if (lo > hi || hi > 20) throw new UsageException("need --min-exponent <= --max-exponent <= 20");
            if (parse.GetValue(bits) is < 0 or > 16) throw new UsageException("--hash-bits must be in 0..16");
            var o = context.Output;
            var mode = parse.GetValue(sampling);
            o.WriteLine($"{id}: A* drawn {mode}, training with M = {parse.GetValue(perturbations)} antithetic pairs, {parse.GetValue(repeats)} repeats, medians");
            o.WriteLine($"{"c",3} {"N",6} | {"decision µs/step: IOT",22} {"ITT",8} {"SRP",8} {"RFT",8} | {"train s/iter: IOT",18} {"ITT",8} {"SRP",8} {"RFT",8} | {"IOT/SRP train",13} {"IOT/SRP decide",14}");
            for (int c = lo - 1; c <= hi; c++) // the first pass (c = min − 1) only warms up every code path
            {
                int n = 1 << Math.Max(c, 1);
                int m = parse.GetValue(bits) == 0 ? Math.Max(1, c - 4) : parse.GetValue(bits);
                TrainingConfig Make(PolicyKind kind, IndexOptions index) => Preset(id, kind) with
                {
                    ActionSamples = n, ActionSampling = mode, Index = index, Perturbations = parse.GetValue(perturbations), IterationEvaluationEpisodes = 0,
                };
                var variants = new[]
                {
                    new Variant("IOT", Make(PolicyKind.Iot, new())),
                    new Variant("ITT", Make(PolicyKind.Itt, new())),
                    new Variant("ITT-SRP", Make(PolicyKind.Itt, new IndexOptions(IndexKind.Srp, HashBits: m))),
                    new Variant("ITT-RFT", Make(PolicyKind.Itt, new IndexOptions(IndexKind.RandomFeatureTree))),
                };
                var decide = DecisionBenchmark.Run(variants, parse.GetValue(steps), parse.GetValue(repeats));
                var train = TrainingBenchmark.Run(variants, 1, c < lo ? 1 : parse.GetValue(repeats));
                if (c < lo) continue;
                o.WriteLine($"{c,3} {n,6} | {decide[0].MedianMicroseconds,22:0.0} {decide[1].MedianMicroseconds,8:0.0} {decide[2].MedianMicroseconds,8:0.0} {decide[3].MedianMicroseconds,8:0.0} | " +
                            $"{train[0].MedianSeconds,18:0.000} {train[1].MedianSeconds,8:0.000} {train[2].MedianSeconds,8:0.000} {train[3].MedianSeconds,8:0.000} | " +
                            $"{train[0].MedianSeconds / train[2].MedianSeconds,13:0.00} {decide[0].MedianMicroseconds / decide[2].MedianMicroseconds,14:0.00}");
            }
            return 0;
        });
        return command;
    }

    private static Command Lazy(CliContext context)
    {
        var envs = new Option<string[]>("--env") { Description = "Environment ids.", DefaultValueFactory = _ => ["Hopper-v4", "HalfCheetah-v4", "Walker2d-v4"], AllowMultipleArgumentsPerToken = true };
        var every = Positive("--every", "k: the action tower is updated every k-th iteration.", 5);
        var iterations = Positive("--iterations", "Iterations per measurement (a multiple of k covers whole cycles).", 5);
        var repeats = Positive("--repeats", "Repeats (the median is reported).", 1);
        var samples = Positive("--action-samples", "N.", 1000);
        var rate = new Option<double>("--learning-rate") { Description = "η of both variants; tiny by default so θ stays at θ₀ and both roll out the same policy (on tasks that terminate, episode lengths would otherwise confound the timing).", DefaultValueFactory = _ => 1e-9 };
        var command = new Command("lazy", "Table 8: wall-clock of regular ITT against ITT with lazy action-tower updates.") { envs, every, iterations, repeats, samples, rate };
        command.SetAction(parse =>
        {
            var o = context.Output;
            if (!(parse.GetValue(rate) > 0)) throw new UsageException("--learning-rate must be > 0");
            o.WriteLine($"ITT against ITT-lazy (k = {parse.GetValue(every)}), {parse.GetValue(iterations)} iterations × {parse.GetValue(repeats)} repeats, M = D, N = {parse.GetValue(samples)} per step, η = {parse.GetValue(rate)}, medians");
            o.WriteLine($"{"environment",-16} {"ITT s/iter",11} {"lazy s/iter",12} {"saving",8} {"ITT steps/s",12} {"lazy steps/s",13}");
            foreach (var id in parse.GetValue(envs)!)
            {
                var baseConfig = Preset(id, PolicyKind.Itt) with { ActionSamples = parse.GetValue(samples), LearningRate = parse.GetValue(rate), IterationEvaluationEpisodes = 0 };
                var rows = TrainingBenchmark.Run(
                [
                    new Variant("ITT", baseConfig),
                    new Variant("ITT-lazy", baseConfig with { ActionTowerEvery = parse.GetValue(every) }),
                ], parse.GetValue(iterations), parse.GetValue(repeats));
                o.WriteLine($"{id,-16} {rows[0].MedianSeconds,11:0.000} {rows[1].MedianSeconds,12:0.000} {1 - rows[1].MedianSeconds / rows[0].MedianSeconds,8:P1} {rows[0].StepsPerSecond,12:N0} {rows[1].StepsPerSecond,13:N0}");
            }
            return 0;
        });
        return command;
    }

    private static Command Throughput(CliContext context)
    {
        var envs = new Option<string[]>("--env") { Description = "Environment ids.", DefaultValueFactory = _ => ["HalfCheetah-v4", "Hopper-v4"], AllowMultipleArgumentsPerToken = true };
        var samples = Positive("--action-samples", "N, candidates drawn at every step.", 1000);
        var perturbations = Positive("--perturbations", "M of the training measurements.", 8);
        var iterations = Positive("--iterations", "Training iterations per measurement (after one warm-up iteration).", 3);
        var repeats = Positive("--repeats", "Repeats (medians and min–max are reported).", 5);
        var rawSteps = Positive("--raw-steps", "Null-policy steps per thread in each raw measurement.", 5000);
        var shortSteps = Positive("--short-steps", "Steps of the short null-policy episodes (the cost of a reset).", 20);
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to measure (0: all cores).", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var command = new Command("throughput", "Raw simulator steps/s (null policy) against ITT and explicit training steps/s, interleaved in the same time windows.")
            { envs, samples, perturbations, iterations, repeats, rawSteps, shortSteps, threads };
        command.SetAction(parse =>
        {
            var counts = parse.GetValue(threads)!.Select(n => n > 0 ? n : Environment.ProcessorCount).Distinct().ToArray();
            var o = context.Output;
            o.WriteLine($"ITT with N = {parse.GetValue(samples)} drawn every step, M = {parse.GetValue(perturbations)}, {parse.GetValue(iterations)} iterations per training measurement; " +
                $"each of {parse.GetValue(repeats)} repeats: raw, ITT, raw, explicit, raw; medians (min–max)");
            o.WriteLine($"{"environment",-16} {"thr",3} {"raw steps/s",11} {"ITT steps/s",11} {"expl steps/s",12} {"ITT / raw",17} {"explicit / raw",17} {"ITT / explicit",17} {"CPU µs/step raw · ITT · expl",29} {"short rollouts/s",16}");
            foreach (var id in parse.GetValue(envs)!)
            {
                var results = new Dictionary<int, ThroughputBenchmark.Result>();
                foreach (int t in counts)
                {
                    var itt = Preset(id, PolicyKind.Itt) with
                    {
                        ActionSamples = parse.GetValue(samples), ActionSampling = CandidateSampling.PerStep,
                        Perturbations = parse.GetValue(perturbations), IterationEvaluationEpisodes = 0, Threads = t,
                    };
                    // Explicit training: the simulator under a moving policy plus the ES bookkeeping, with a near-free decision.
                    var explicitConfig = Preset(id, PolicyKind.Explicit) with { Perturbations = itt.Perturbations, IterationEvaluationEpisodes = 0, Threads = t };
                    var r = ThroughputBenchmark.Run(id, itt, explicitConfig, t, parse.GetValue(rawSteps), parse.GetValue(iterations), parse.GetValue(repeats), parse.GetValue(shortSteps));
                    results[t] = r;
                    o.WriteLine($"{id,-16} {t,3} {r.Raw.Median,11:N0} {r.Itt.Median,11:N0} {r.Explicit.Median,12:N0} {r.IttOverRaw,17} {r.ExplicitOverRaw,17} {r.IttOverExplicit,17} " +
                        $"{$"{r.RawCpu.Median:0.0} · {r.IttCpu.Median:0.0} · {r.ExplicitCpu.Median:0.0}",29} {r.ShortRollouts.Median,16:N0}");
                }
                if (results.TryGetValue(1, out var one))
                    foreach (var (t, r) in results.Where(p => p.Key > 1))
                        o.WriteLine($"{id}: {t}-thread efficiency on CPU time (CPU µs/step at 1 thread ÷ at {t}): raw {one.RawCpu.Median / r.RawCpu.Median:0.00}, " +
                            $"ITT {one.IttCpu.Median / r.IttCpu.Median:0.00}, explicit {one.ExplicitCpu.Median / r.ExplicitCpu.Median:0.00}; wall-clock speed-up raw {r.Raw.Median / one.Raw.Median:0.00}, " +
                            $"ITT {r.Itt.Median / one.Itt.Median:0.00}, explicit {r.Explicit.Median / one.Explicit.Median:0.00}");
            }
            return 0;
        });
        return command;
    }

    private static Command WallClock(CliContext context)
    {
        var envs = new Option<string[]>("--env") { Description = "Environment ids.", DefaultValueFactory = _ => ["Walker2d-v4", "HalfCheetah-v4"], AllowMultipleArgumentsPerToken = true };
        var iterations = Positive("--iterations", "Training iterations per measurement (after one warm-up iteration).", 1);
        var repeats = Positive("--repeats", "Repeats (the median is reported).", 3);
        var perturbations = new Option<int>("--perturbations") { Description = "M of every policy (0: the presets' M = D, as in training).", DefaultValueFactory = _ => 0 };
        var threads = Positive("--threads", "Rollout threads of every policy.", 1);
        var command = new Command("wallclock", "Table 2: training wall-clock per iteration and per environment step of ITT, IOT and explicit (presets), interleaved, beside the paper's ratios.")
            { envs, iterations, repeats, perturbations, threads };
        command.SetAction(parse =>
        {
            if (parse.GetValue(perturbations) < 0) throw new UsageException("--perturbations must be 0 (M = D) or more");
            var o = context.Output;
            o.WriteLine($"ITT, IOT and explicit with the paper's presets, M = {(parse.GetValue(perturbations) is int m && m > 0 ? m.ToString() : "D")}, " +
                $"{parse.GetValue(iterations)} iterations per measurement × {parse.GetValue(repeats)} repeats, interleaved, {parse.GetValue(threads)} thread(s); medians");
            o.WriteLine($"{"environment",-26} {"s/iter ITT · IOT · expl",26} {"µs/step ITT · IOT · expl",27} {"ITT/IOT iter",12} {"step",6} {"paper",6} {"expl/IOT iter",13} {"step",6} {"paper",6}");
            foreach (var id in parse.GetValue(envs)!)
            {
                var variants = new[] { PolicyKind.Itt, PolicyKind.Iot, PolicyKind.Explicit }.Select(k => new Variant(k.ToString(), Preset(id, k) with
                {
                    Perturbations = parse.GetValue(perturbations) > 0 ? parse.GetValue(perturbations) : Preset(id, k).Perturbations,
                    IterationEvaluationEpisodes = 0, Threads = parse.GetValue(threads),
                })).ToArray();
                var r = TrainingBenchmark.Run(variants, parse.GetValue(iterations), parse.GetValue(repeats));
                var perStep = r.Select(x => 1e6 / x.StepsPerSecond).ToArray(); // a policy that falls early has short, cheap iterations
                var hours = PaperTask.All.FirstOrDefault(t => t.Environment == id)?.Hours;
                static string Ratio(double? a, double? b) => a is double x && b is double y && y > 0 ? (x / y).ToString("0.00") : "–";
                o.WriteLine($"{id,-26} {$"{r[0].MedianSeconds:0.000} · {r[1].MedianSeconds:0.000} · {r[2].MedianSeconds:0.000}",26} " +
                    $"{$"{perStep[0]:0.0} · {perStep[1]:0.0} · {perStep[2]:0.0}",27} " +
                    $"{Ratio(r[0].MedianSeconds, r[1].MedianSeconds),12} {Ratio(perStep[0], perStep[1]),6} {Ratio(hours?.Itt, hours?.Iot),6} " +
                    $"{Ratio(r[2].MedianSeconds, r[1].MedianSeconds),13} {Ratio(perStep[2], perStep[1]),6} {Ratio(hours?.Explicit, hours?.Iot),6}");
            }
            return 0;
        });
        return command;
    }

    private static Command KernelsCommand(CliContext context)
    {
        var repeats = Positive("--repeats", "Repeats (the median is reported).", 7);
        var milliseconds = Positive("--milliseconds", "Length of one timed round of each side (the warm-up lasts 25 rounds).", 20);
        var command = new Command("kernels", "The vectorised batch product and argmax against plain scalar loops, at the shapes the policies use.") { repeats, milliseconds };
        command.SetAction(parse =>
        {
            var o = context.Output;
            o.WriteLine($"vectorised kernels against scalar loops, interleaved, {parse.GetValue(repeats)} repeats of about {parse.GetValue(milliseconds)} ms each; medians");
            o.WriteLine($"{"case",-52} {"kernel µs",10} {"scalar µs",10} {"speed-up",9}");
            foreach (var r in KernelBenchmark.Run(KernelBenchmark.DefaultCases(), parse.GetValue(repeats), parse.GetValue(milliseconds)))
                o.WriteLine($"{r.Label,-52} {r.KernelMicroseconds,10:0.000} {r.ReferenceMicroseconds,10:0.000} {r.SpeedUp,9:0.00}");
            return 0;
        });
        return command;
    }
}
