using Itt.Core.Random;
using Itt.Environments;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;
using Itt.Tests.Training;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Library;

/// <summary>Training an environment the registry has never heard of, given as a factory.</summary>
public class EnvironmentFactoryTests
{
    /// <summary>Move a point on a line towards 0.7: reward −|x − 0.7| per step, 20 steps.</summary>
    private sealed class PointOnALine : Env
    {
        private double _x;

        public PointOnALine() : base(new BoxSpace([-5f], [5f]), new BoxSpace([-1f], [1f])) => MaxEpisodeSteps = 20;

        public override void Observe(Span<float> observation) => observation[0] = (float)_x;

        protected override void ResetCore(CounterRng random) => _x = random.NextDouble() - 0.5;

        protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
        {
            _x = Math.Clamp(_x + 0.1 * Math.Clamp(action[0], -1f, 1f), -5, 5);
            return (-Math.Abs(_x - 0.7), false);
        }
    }

    private static readonly TrainingConfig Config = new()
    {
        Environment = "PointOnALine-custom", Policy = Itt.Policies.PolicyKind.Explicit, Iterations = 6, Seed = 5, ActionSamples = 20, Threads = 2,
    };

    [Fact]
    public void ACustomEnvironmentTrainsCheckpointsAndResumesThroughItsFactory()
    {
        Assert.False(EnvironmentRegistry.TryGet(Config.Environment, out _));
        using var root = new TempFolder();
        double[] straight;
        using (var trainer = new EsTrainer(Config, environments: () => new PointOnALine()))
        {
            while (trainer.Iteration < Config.Iterations) trainer.Step();
            straight = trainer.Theta.ToArray();
        }

        string folder;
        using (var session = TrainingSession.Start(Config with { Iterations = 3 }, root.Path, environments: () => new PointOnALine()))
        {
            session.Run();
            folder = session.Folder.Path;
        }
        Assert.Throws<KeyNotFoundException>(() => TrainingSession.Resume(folder, c => c with { Iterations = 6 }));
        using (var resumed = TrainingSession.Resume(folder, c => c with { Iterations = 6 }, environments: () => new PointOnALine()))
        {
            resumed.Run();
            Assert.Equal(straight.Select(BitConverter.DoubleToInt64Bits), resumed.Trainer.Theta.ToArray().Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.NotEqual(EsTrainer.InitialTheta(Config, straight.Length), straight); // training moved θ
    }
}
