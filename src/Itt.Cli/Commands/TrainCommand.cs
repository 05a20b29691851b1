using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Itt.Experiments.Comparison;
using Itt.Experiments.Plots;
using Itt.Training.Presets;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Training.Runs;
using Spectre.Console;

namespace Itt.Cli.Commands;

/// <summary><c>itt train</c>: trains a policy with ES into a run folder, or resumes one.</summary>
public static class TrainCommand
{
    private static readonly Dictionary<string, IndexKind> IndexKinds = new()
    {
        ["brute"] = IndexKind.BruteForce, ["srp"] = IndexKind.Srp, ["rft"] = IndexKind.RandomFeatureTree,
    };

    private static readonly Dictionary<string, PolicyKind> Policies = new()
    {
        ["itt"] = PolicyKind.Itt, ["iot"] = PolicyKind.Iot, ["explicit"] = PolicyKind.Explicit,
    };

    private static readonly Dictionary<string, CandidateSampling> Samplings = new()
    {
        ["per-step"] = CandidateSampling.PerStep, ["per-rollout"] = CandidateSampling.PerRollout, ["per-iteration"] = CandidateSampling.PerIteration,
    };

    private static readonly Dictionary<string, ActionSelection> Selections = new() { ["argmax"] = ActionSelection.ArgMax, ["softmax"] = ActionSelection.Softmax };

    private static readonly Dictionary<string, GradientEstimator> Estimators = new()
    {
        ["antithetic"] = GradientEstimator.Antithetic, ["forward"] = GradientEstimator.ForwardDifference,
    };

    private static readonly Dictionary<string, OptimizerKind> Optimizers = new() { ["sgd"] = OptimizerKind.Sgd, ["adam"] = OptimizerKind.Adam };

    private static readonly Dictionary<string, FitnessShaping> Shapings = new()
    {
        ["none"] = FitnessShaping.None, ["centered-ranks"] = FitnessShaping.CenteredRanks,
    };

    private static readonly Dictionary<string, NonFiniteReturns> NonFiniteChoices = new()
    {
        ["fail"] = NonFiniteReturns.Fail, ["drop-pair"] = NonFiniteReturns.DropPair,
    };

    /// <summary>The name under which <paramref name="choices"/> lists <paramref name="value"/>.</summary>
    private static string NameOf<T>(Dictionary<string, T> choices, T value) => choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Key;

    private sealed class Options
    {
        public readonly Option<string> Env = new("--env") { Description = "Environment id (see `itt envs`).", DefaultValueFactory = _ => "CartPole-v1" };
        public readonly Option<PolicyKind> Policy = Choices.Option("--policy", "Policy architecture.", Policies, PolicyKind.Itt);
        public readonly Option<ulong> Seed = new("--seed") { Description = "Seed of every random stream of the run.", DefaultValueFactory = _ => 1UL };
        public readonly Option<int> Iterations = new("--iterations") { Description = "ES iterations (default: the preset's budget, else 100). With --resume: the new total." };
        public readonly Option<double> TargetReturn = new("--target-return") { Description = "Stop at the first iteration whose evaluation of θ (--iteration-eval-episodes) reaches this return (CartPole-v1: 500). θ is unchanged; the run just ends early." };
        public readonly Option<double> Sigma = new("--sigma") { Description = "Perturbation scale σ > 0 (default: Table 5 of the paper, else 1)." };
        public readonly Option<double> LearningRate = new("--learning-rate", "--eta") { Description = "Learning rate η > 0.", DefaultValueFactory = _ => 0.01 };
        public readonly Option<int> Perturbations = new("--perturbations", "-M") { Description = "Perturbations per iteration M >= 1 (default: the preset's, else M = D)." };
        public readonly Option<int> ActionSamples = new("--action-samples", "-N") { Description = "N, candidate actions sampled for a continuous space.", DefaultValueFactory = _ => 1000 };
        public readonly Option<CandidateSampling> Sampling = Choices.Option("--sampling", "When A* is drawn for a continuous space.",
            Samplings, CandidateSampling.PerStep);
        public readonly Option<IndexKind> Index = Choices.Option("--index", "ITT action index used in training: exact, SRP hashing, random-feature tree.", IndexKinds, IndexKind.BruteForce);
        public readonly Option<IndexKind> InferenceIndex = Choices.Option("--inference-index", "ITT action index for eval and final results (default: the training index).", IndexKinds, IndexKind.BruteForce);
        public readonly Option<int> HashBits = new("--hash-bits") { Description = "SRP projections m (the paper: 6 on HalfCheetah, 3 elsewhere).", DefaultValueFactory = _ => 3 };
        public readonly Option<int> ProbeBudget = new("--probe-budget") { Description = "SRP candidates scored per query (0: two buckets' worth, 2N/2^m).", DefaultValueFactory = _ => 0 };
        public readonly Option<int> Features = new("--rft-features") { Description = "Random features of the RFT index.", DefaultValueFactory = _ => 64 };
        public readonly Option<int> LazyEvery = new("--lazy-every") { Description = "ITT-lazy: perturb and update the action tower only every k-th iteration (1: always).", DefaultValueFactory = _ => 1 };
        public readonly Option<ActionSelection> Selection = Choices.Option("--selection", "Argmax (eq. 5) or softmax sampling (eq. 3) over A*.",
            Selections, ActionSelection.ArgMax);
        public readonly Option<GradientEstimator> Estimator = Choices.Option("--estimator", "ES gradient estimator: antithetic (eq. 6) or forward differences (eq. 14).",
            Estimators, GradientEstimator.Antithetic);
        public readonly Option<OptimizerKind> Optimizer = Choices.Option("--optimizer", "Update rule: plain ascent (eq. 7) or Adam.",
            Optimizers, OptimizerKind.Sgd);
        public readonly Option<FitnessShaping> Shaping = Choices.Option("--shaping", "Fitness shaping of the returns.",
            Shapings, FitnessShaping.None);
        public readonly Option<int> RolloutEpisodes = new("--rollout-episodes") { Description = "Episodes averaged into the return F of each perturbed rollout.", DefaultValueFactory = _ => 1 };
        public readonly Option<int> IterationEvaluationEpisodes = new("--iteration-eval-episodes") { Description = "Episodes of the unperturbed θ run every iteration for the learning curve (eval_return; 0: none).", DefaultValueFactory = _ => 1 };
        public readonly Option<int> Width = new("--width") { Description = "Hidden width (default: the action dimension, as in the paper)." };
        public readonly Option<int> Latent = new("--latent") { Description = "ITT latent dimension d (default: the action dimension)." };
        public readonly Option<int> StateLayers = new("--state-layers") { Description = "ITT state-tower layers (default: Table 7)." };
        public readonly Option<int> ActionLayers = new("--action-layers") { Description = "ITT action-tower layers (default: Table 7)." };
        public readonly Option<int> Layers = new("--layers") { Description = "IOT or explicit network layers (default: Table 7)." };
        public readonly Option<bool> Linear = new("--linear") { Description = "Linear activations everywhere (the paper's Swimmer setting)." };
        public readonly Option<double> InitStd = new("--init-std") { Description = "Std of the Gaussian initial θ (0: zeros).", DefaultValueFactory = _ => 1.0 };
        public readonly Option<int> Threads = new("--threads") { Description = "Rollout threads (0: all cores). Results do not depend on it.", DefaultValueFactory = _ => 0 };
        public readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Checkpoint at most every this many iterations; within that, as often as costs ≤ ~5% of the run (the final state is always written).", DefaultValueFactory = _ => 1 };
        public readonly Option<string> RunsDir = new("--runs-dir") { Description = "Folder under which run folders are created.", DefaultValueFactory = _ => "runs" };
        public readonly Option<string> Resume = new("--resume") { Description = "Continue the run in this folder from its checkpoint." };
        public readonly Option<int> FinalEvaluationEpisodes = new("--final-eval-episodes") { Description = "Episodes of the final θ behind the results table (0: none).", DefaultValueFactory = _ => 10 };
        public readonly Option<bool> NoProgress = new("--no-progress") { Description = "Print a line every few iterations instead of a live progress bar." };
        public readonly Option<NonFiniteReturns> NonFinite = Choices.Option("--non-finite-returns", "A NaN or infinite return: stop the run naming it, or drop its antithetic pair and average over the rest.",
            NonFiniteChoices, NonFiniteReturns.Fail);
        public readonly Option<bool> NormalizeObservations = new("--normalize-observations") { Description = "Normalise observations ARS-style (running mean and std of every training rollout, frozen within an iteration)." };
        public readonly Option<string> Config = new("--config") { Description = "Read options from this JSON file (keys: these options' names without dashes); options typed here win." };
        public readonly Option<bool> PrintConfig = new("--print-config") { Description = "Print the effective options as a --config file and exit without training." };
        public readonly ClusterTraining Cluster = new();
    }

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("train", "Train a policy with orthogonal antithetic ES. Defaults: ITT on CartPole-v1 with the paper's settings.");
        foreach (var option in typeof(Options).GetFields().Select(f => f.GetValue(o)).OfType<Option>()) command.Options.Add(option);
        o.Cluster.AddTo(command);
        command.SetAction(parse => Run(WithConfigFile(parse, o, command), o, context));
        return command;
    }

    /// <summary>With <c>--config FILE</c>: the command line with the file's options put before the typed ones.</summary>
    private static ParseResult WithConfigFile(ParseResult parse, Options o, Command command)
    {
        if (parse.GetValue(o.Config) is not string path) return parse;
        var fileTokens = ConfigFile.Read(path, command, new HashSet<string> { "config", "print-config", "help" }, parse.Given, alone =>
        {
            try
            {
                Override(alone, o, Defaults(alone, o));
                return null;
            }
            catch (UsageException e) { return e.Message; }
        });
        var typed = parse.Tokens.SkipWhile(t => t.Type != TokenType.Command || t.Value != command.Name).Skip(1).Select(t => t.Value);
        var merged = command.Parse([.. fileTokens, .. typed]);
        if (merged.Errors.Count > 0) throw new UsageException(merged.Errors[0].Message);
        return merged;
    }

    private static int Run(ParseResult parse, Options o, CliContext context)
    {
        int finalEpisodes = parse.GetValue(o.FinalEvaluationEpisodes);
        if (finalEpisodes < 0) throw new UsageException($"--final-eval-episodes must be 0 or more (got {finalEpisodes})");
        if (string.IsNullOrWhiteSpace(parse.GetValue(o.RunsDir))) throw new UsageException("--runs-dir is empty");
        var plotting = LearningCurvePlot.PrepareInBackground(); // overlaps the libraries' loading with training
        // A comparison run keeps its result under the same file name as a train summary, which would replace it (or, in a run
        // that compare is extending, take the place of the result compare will write).
        if (parse.GetValue(o.Resume) is string comparison && RunResult.IsComparisonRun(comparison))
            throw new UsageException($"cannot resume {Path.GetFileName(Path.TrimEndingDirectorySeparator(comparison))} with itt train: it is a " +
                "run of itt compare (its results name its budget); continue it with itt compare and a larger --iterations");
        var stored = parse.GetValue(o.Resume) is string resume ? Checkpoint.Load(RunFolder.Open(resume).CheckpointPath).Config : null;
        var config = Override(parse, o, stored ?? Defaults(parse, o));
        if (parse.GetValue(o.PrintConfig))
        {
            context.Output.WriteLine(ConfigFile.Write(Effective(parse, o, config)));
            return 0;
        }
        if (stored is not null) RefuseChangedSettings(parse, o, stored, config);
        // Sized with the final evaluation before a silo starts or a folder is made, so nothing fails after training.
        MemoryEstimate.Check(config, config.Threads ?? 0, finalEpisodes);
        var console = Consoles.For(context.Output);
        using var signals = new StopSignals(context.Error, "training");
        try
        {
            using var cluster = o.Cluster.Start(parse, config, console, signals.Token);
            var session = parse.GetValue(o.Resume) is string path
                ? TrainingSession.Resume(path, _ => config, cluster?.Evaluator)
                : TrainingSession.Start(config, parse.GetValue(o.RunsDir)!, cluster?.Evaluator);
            using (session)
            {
                config = session.Config;
                console.MarkupLine($"[bold]{Markup.Escape(config.Environment)}[/] · {Markup.Escape(session.Trainer.Architecture.ToString())} · M = {session.Trainer.Perturbations} · σ = {config.Sigma} · η = {config.LearningRate}");
                console.MarkupLine($"run folder: [blue]{Markup.Escape(session.Folder.Path)}[/]");
                if (stored is not null && session.Trainer.Iteration >= config.Iterations)
                    console.MarkupLine($"[yellow]nothing to train: the run is at iteration {session.Trainer.Iteration} and --iterations asks for " +
                        $"{config.Iterations} in all (give a larger total to go on)[/]");
                try
                {
                    ProgressDisplay.Run(console, session, parse.GetValue(o.NoProgress), signals.Token);
                }
                catch (OperationCanceledException) when (signals.Stopped) { } // a cluster iteration cut short: the checkpoint keeps the last whole one
                var metrics = session.Folder.ReadMetrics();
                try { plotting.Wait(); } catch (AggregateException) { } // a failed warm-up surfaces, if real, in SavePlot
                SavePlot(session, metrics);
                cluster?.Summarise();
                if (session.ReachedTarget)
                    console.MarkupLine($"[green]θ reached the target return {config.TargetReturn} in iteration {session.Trainer.Iteration}'s evaluation; stopped after that iteration's update[/]");
                if (signals.Stopped)
                {
                    console.MarkupLine($"[yellow]interrupted at iteration {session.Trainer.Iteration}; resume with --resume {Markup.Escape(session.Folder.Path)}[/]");
                    return StopSignals.ExitCode;
                }
                ResultsTable.Print(console, session, metrics, finalEpisodes);
            }
        }
        catch (OperationCanceledException) when (signals.Stopped)
        {
            context.Error.WriteLine("itt: interrupted before training started; nothing was written");
            return StopSignals.ExitCode;
        }
        return 0;
    }

    private static TrainingConfig Defaults(ParseResult parse, Options o)
        => PaperPresets.ConfigFor(parse.GetValue(o.Env)!, parse.GetValue(o.Policy), parse.GetValue(o.Seed));

    /// <summary>Applies the options the user typed over <paramref name="c"/> (a preset, defaults, or a stored run).</summary>
    private static TrainingConfig Override(ParseResult parse, Options o, TrainingConfig c)
    {
        T Get<T>(Option<T> option, T current) => parse.Given(option) ? parse.GetValue(option)! : current;
        var l = c.Layers;
        c = c with
        {
            Environment = Get(o.Env, c.Environment),
            Policy = Get(o.Policy, c.Policy),
            Seed = Get(o.Seed, c.Seed),
            Iterations = Get(o.Iterations, c.Iterations),
            TargetReturn = parse.Given(o.TargetReturn) ? parse.GetValue(o.TargetReturn) : c.TargetReturn,
            Sigma = Get(o.Sigma, c.Sigma),
            LearningRate = Get(o.LearningRate, c.LearningRate),
            Perturbations = parse.Given(o.Perturbations) ? parse.GetValue(o.Perturbations) : c.Perturbations,
            ActionSamples = Get(o.ActionSamples, c.ActionSamples),
            ActionSampling = Get(o.Sampling, c.ActionSampling),
            Selection = Get(o.Selection, c.Selection),
            Estimator = Get(o.Estimator, c.Estimator),
            Optimizer = Get(o.Optimizer, c.Optimizer),
            Shaping = Get(o.Shaping, c.Shaping),
            EpisodesPerRollout = Get(o.RolloutEpisodes, c.EpisodesPerRollout),
            IterationEvaluationEpisodes = Get(o.IterationEvaluationEpisodes, c.IterationEvaluationEpisodes),
            NonFiniteReturns = Get(o.NonFinite, c.NonFiniteReturns),
            NormalizeObservations = Get(o.NormalizeObservations, c.NormalizeObservations),
            InitialStd = Get(o.InitStd, c.InitialStd),
            Threads = parse.Given(o.Threads) ? NullIfZero(parse.GetValue(o.Threads)) : c.Threads,
            CheckpointEvery = Get(o.CheckpointEvery, c.CheckpointEvery),
            ActionTowerEvery = Get(o.LazyEvery, c.ActionTowerEvery),
            Index = c.Index with
            {
                Kind = Get(o.Index, c.Index.Kind),
                HashBits = Get(o.HashBits, c.Index.HashBits),
                ProbeBudget = parse.Given(o.ProbeBudget) ? NullIfZero(parse.GetValue(o.ProbeBudget)) : c.Index.ProbeBudget,
                Features = Get(o.Features, c.Index.Features),
            },
            Layers = l with
            {
                Width = parse.Given(o.Width) ? parse.GetValue(o.Width) : l.Width,
                Latent = parse.Given(o.Latent) ? parse.GetValue(o.Latent) : l.Latent,
                StateLayers = Get(o.StateLayers, l.StateLayers),
                ActionLayers = Get(o.ActionLayers, l.ActionLayers),
                NetworkLayers = Get(o.Layers, l.NetworkLayers),
                Linear = Get(o.Linear, l.Linear),
            },
        };
        if (parse.Given(o.InferenceIndex))
            c = c with { InferenceIndex = c.Index with { Kind = parse.GetValue(o.InferenceIndex) } };
        if (parse.Given(o.Perturbations) && c.Perturbations is < 1)
            throw new UsageException($"--perturbations must be at least 1 (got {c.Perturbations})");
        if (c.Validate() is string problem) throw new UsageException(problem);
        return c;
    }

    /// <summary>Every option's effective value for <c>--print-config</c> (null: left out, the option's default applies).</summary>
    private static IEnumerable<(string, object?)> Effective(ParseResult parse, Options o, TrainingConfig c)
    {
        (string, object?) Key(Option option, object? value) => (ConfigFile.KeyOf(option), value);
        yield return Key(o.Env, c.Environment);
        yield return Key(o.Policy, NameOf(Policies, c.Policy));
        yield return Key(o.Seed, c.Seed);
        yield return Key(o.Iterations, c.Iterations);
        yield return Key(o.Sigma, c.Sigma);
        yield return Key(o.LearningRate, c.LearningRate);
        yield return Key(o.Perturbations, c.Perturbations);
        yield return Key(o.ActionSamples, c.ActionSamples);
        yield return Key(o.Sampling, NameOf(Samplings, c.ActionSampling));
        yield return Key(o.Index, NameOf(IndexKinds, c.Index.Kind));
        yield return Key(o.InferenceIndex, c.InferenceIndex is { } inference ? NameOf(IndexKinds, inference.Kind) : null);
        yield return Key(o.HashBits, c.Index.HashBits);
        yield return Key(o.ProbeBudget, c.Index.ProbeBudget);
        yield return Key(o.Features, c.Index.Features);
        yield return Key(o.LazyEvery, c.ActionTowerEvery);
        yield return Key(o.Selection, NameOf(Selections, c.Selection));
        yield return Key(o.Estimator, NameOf(Estimators, c.Estimator));
        yield return Key(o.Optimizer, NameOf(Optimizers, c.Optimizer));
        yield return Key(o.Shaping, NameOf(Shapings, c.Shaping));
        yield return Key(o.RolloutEpisodes, c.EpisodesPerRollout);
        yield return Key(o.IterationEvaluationEpisodes, c.IterationEvaluationEpisodes);
        yield return Key(o.Width, c.Layers.Width);
        yield return Key(o.Latent, c.Layers.Latent);
        yield return Key(o.StateLayers, c.Layers.StateLayers);
        yield return Key(o.ActionLayers, c.Layers.ActionLayers);
        yield return Key(o.Layers, c.Layers.NetworkLayers);
        yield return Key(o.Linear, c.Layers.Linear);
        yield return Key(o.InitStd, c.InitialStd);
        yield return Key(o.NonFinite, NameOf(NonFiniteChoices, c.NonFiniteReturns));
        yield return Key(o.NormalizeObservations, c.NormalizeObservations);
        yield return Key(o.Threads, c.Threads);
        yield return Key(o.CheckpointEvery, c.CheckpointEvery);
        yield return Key(o.TargetReturn, c.TargetReturn);
        yield return Key(o.RunsDir, parse.GetValue(o.RunsDir));
        yield return Key(o.Resume, parse.GetValue(o.Resume));
        yield return Key(o.FinalEvaluationEpisodes, parse.GetValue(o.FinalEvaluationEpisodes));
        yield return Key(o.NoProgress, parse.GetValue(o.NoProgress));
    }

    /// <summary>Options a resume may change: how long, how fast and where a run goes, not its θ.</summary>
    private static readonly HashSet<string> ResumableKeys =
        ["iterations", "target-return", "threads", "checkpoint-every", "inference-index", "runs-dir", "resume", "final-eval-episodes", "no-progress"];

    /// <summary>
    /// A resume that changes a setting of θ's trajectory is refused here, naming the options and their stored and requested
    /// values, before a silo starts or the run folder is touched (the library's own refusal names the stored JSON keys).
    /// </summary>
    private static void RefuseChangedSettings(ParseResult parse, Options o, TrainingConfig stored, TrainingConfig requested)
    {
        if (requested.DifferencesFrom(stored).Count == 0) return;
        var was = Effective(parse, o, stored).ToDictionary(k => k.Item1, k => k.Item2);
        var changed = Effective(parse, o, requested)
            .Where(k => !ResumableKeys.Contains(k.Item1) && !Equals(was[k.Item1], k.Item2))
            .Select(k => $"--{k.Item1} {Show(was[k.Item1])} → {Show(k.Item2)}")
            .ToList();
        if (changed.Count == 0) return; // a difference no option expresses: the library's message names it
        throw new UsageException($"cannot resume {Path.GetFileName(Path.TrimEndingDirectorySeparator(parse.GetValue(o.Resume)!))} " +
            $"with a different configuration ({string.Join("; ", changed)}); leave these options out to continue the run as it was");

        static string Show(object? value) => value switch
        {
            null => "(unset)",
            bool b => b ? "on" : "off",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };
    }

    /// <summary>The options' 0 ("automatic") as the configuration's null.</summary>
    private static int? NullIfZero(int value) => value == 0 ? null : value;

    private static void SavePlot(TrainingSession session, IReadOnlyList<IterationMetrics> metrics)
    {
        if (metrics.Count == 0) return;
        var x = metrics.Select(m => (double)m.Iteration).ToArray();
        var series = new List<CurveSeries> { new("mean perturbed return", x, metrics.Select(m => m.MeanReturn).ToArray()) };
        if (metrics.Any(m => !double.IsNaN(m.EvaluationReturn)))
            series.Add(new("return of θ", x, metrics.Select(m => m.EvaluationReturn).ToArray()));
        var c = session.Config;
        LearningCurvePlot.Save(session.Folder.CurvePath, $"{c.Environment} · {c.Policy.ToString().ToUpperInvariant()} · seed {c.Seed}",
            "iteration", "return", series);
    }
}
