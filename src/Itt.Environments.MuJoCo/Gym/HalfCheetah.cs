using Itt.Core.Random;
using Itt.Environments.MuJoCo.Models;

namespace Itt.Environments.MuJoCo.Gym;

/// <summary>
/// HalfCheetah-v4 (docs/environments.md 4.3): a planar cheetah runs forward. Observation: qpos[1..8] then qvel (unclipped);
/// reward: x velocity − 0.1·Σa²; never terminates. Reset velocities are 0.1·N(0, 1).
/// </summary>
public sealed class HalfCheetah() : GymMuJoCoEnvironment(ModelLibrary.HalfCheetah, frameSkip: 5, observationSize: 17,
    resetNoiseScale: 0.1, controlCostWeight: 0.1)
{
    /// <inheritdoc />
    protected override double DrawVelocityNoise(CounterRng random) => ResetNoiseScale * random.NextGaussian();

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos[1..].CopyTo(observation);
        Simulation.Qvel.CopyTo(observation[8..]);
    }
}
