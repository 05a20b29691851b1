using Itt.Cli;
using Itt.Core.Random;
using Itt.Environments.Registry;
using Itt.Tests.Training;
using Itt.Training;
using Itt.Training.Checkpoints;
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
