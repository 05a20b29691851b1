using Itt.Cli;
using Itt.Core.Random;
using Itt.Environments.Registry;
using Itt.Tests.Training;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Training.Inference;
using Itt.Training.Runs;

namespace Itt.Tests.Library;

/// <summary>One-call loading of a trained run.</summary>
public class TrainedPolicyTests
{
    private static string TrainedRun(TempFolder root, params string[] options)
    {
        var error = new StringWriter();
        Assert.True(CommandLineApp.Run(["train", .. options, "--runs-dir", root.Path, "--final-eval-episodes", "1", "--no-progress"], new StringWriter(), error) == 0, error.ToString());
        return Assert.Single(Directory.GetDirectories(root.Path));
    }

    [Theory]
    [InlineData("Pendulum-v1", "itt")]
    [InlineData("CartPole-v1", "explicit")]
    public void ALoadedPolicyActsAsTheEvaluationOfTheRunDoes(string env, string policy)
    {
        using var root = new TempFolder();
        string folder = TrainedRun(root, "--env", env, "--policy", policy, "--iterations", "3", "-N", "40", "--seed", "6");
        var trained = TrainedPolicy.Load(folder);
        var (config, state) = Checkpoint.Load(Path.Combine(folder, "checkpoint.itt"));
        Assert.Equal(env, trained.EnvironmentId);
        Assert.Equal(config, trained.Config);
        Assert.Equal(3, trained.Iteration);
        Assert.Equal(state.Theta.Select(BitConverter.DoubleToInt64Bits), trained.Theta.ToArray().Select(BitConverter.DoubleToInt64Bits));

        // Episode 0 of the evaluation with seed s, played by hand through Act.
        foreach (ulong seed in new ulong[] { 11, 12 })
        {
            double expected = PolicyEvaluation.Run(config, EsTrainer.ArchitectureFor(config), state.Theta, 1, seed, threads: 1)[0];
            using var environment = EnvironmentRegistry.Make(env);
            var observation = new float[trained.ObservationSize];
            var action = new float[trained.ActionSize];
            trained.BeginEpisode(seed);
            environment.Reset(StreamKey.Mix(seed, 0), observation);
            double total = 0;
            for (bool done = false; !done;)
            {
                trained.Act(observation, action);
                var step = environment.Step(action, observation);
                total += step.Reward;
                done = step.Done;
            }
            Assert.Equal(expected, total);
        }
    }

    [Fact]
    public void LoadingSomethingThatIsNotARunSaysWhat()
    {
        using var root = new TempFolder();
        Assert.Contains("run folder not found", Assert.Throws<RunFolderException>(() => TrainedPolicy.Load(Path.Combine(root.Path, "nope"))).Message);
        Assert.Contains("no checkpoint", Assert.Throws<RunFolderException>(() => TrainedPolicy.Load(root.Path)).Message);
        var trained = TrainedPolicy.Load(TrainedRun(root, "--iterations", "1"));
        Assert.Throws<ArgumentException>(() => trained.Act(new float[3], new float[1]));
    }
}

/// <summary>Acting with a trained θ needs no perturbation block: what only training allocates does not block evaluation.</summary>
public class ActingMemoryTests
{
    [Fact]
    public void ARunWhoseTrainingDoesNotFitHereCanStillBeLoadedEvaluatedAndExportedButNotResumed()
    {
        using var root = new TempFolder();
        var error = new StringWriter();
        Assert.True(CommandLineApp.Run(["train", "--iterations", "2", "--runs-dir", root.Path, "--final-eval-episodes", "1", "--no-progress"], new StringWriter(), error) == 0, error.ToString());
        string folder = Assert.Single(Directory.GetDirectories(root.Path));
        string checkpoint = Path.Combine(folder, "checkpoint.itt");
        var (config, state) = Checkpoint.Load(checkpoint);
        // As if trained on a machine far larger than this one: M × D entries exceed what one .NET array can hold, and
        // 2³¹ − 1 rollout threads' policies would not fit here either, while loading, evaluating or exporting needs few.
        var huge = config with { Perturbations = int.MaxValue, Threads = int.MaxValue };
        Checkpoint.Save(checkpoint, huge, state);
        Assert.Contains("perturbation block", MemoryEstimate.For(huge).Problem());
        Assert.Null(MemoryEstimate.For(huge, training: false).Problem());

        Assert.Equal(2, TrainedPolicy.Load(folder).Iteration);
        var output = new StringWriter();
        Assert.True(CommandLineApp.Run(["eval", folder, "-K", "2"], output, error) == 0, error.ToString());
        Assert.Contains("iteration 2", output.ToString());
        string onnx = Path.Combine(root.Path, "policy.onnx");
        Assert.True(CommandLineApp.Run(["export", folder, "--out", onnx], new StringWriter(), error) == 0, error.ToString());
        Assert.True(File.Exists(onnx));

        var refusal = new StringWriter();
        Assert.NotEqual(0, CommandLineApp.Run(["train", "--resume", folder, "--iterations", "3", "--no-progress"], new StringWriter(), refusal));
        Assert.Contains("perturbation block", refusal.ToString());
        Assert.Throws<ArgumentException>(() => new EsTrainer(huge));
    }
}
