using Itt.Environments.MuJoCo.Models;

namespace Itt.Environments.MuJoCo.Gym;

/// <summary>
/// Hopper-v4 (docs/environments.md 4.1): a one-legged planar robot hops forward. Observation: qpos[1..5] then clip(qvel, ±10);
/// reward: x velocity + 1 − 0.001·Σa²; the episode ends when the hopper is unhealthy (too low, tilted, or with a
/// state component outside ±100).
/// </summary>
public sealed class Hopper() : GymMuJoCoEnvironment(ModelLibrary.Hopper, frameSkip: 4, observationSize: 11,
    resetNoiseScale: 5e-3, controlCostWeight: 1e-3, healthyReward: 1.0)
{
    /// <inheritdoc />
    public override bool IsHealthy
    {
        get
        {
            var qpos = Simulation.Qpos;
            var qvel = Simulation.Qvel;
            for (int i = 2; i < qpos.Length; i++) if (!(Math.Abs(qpos[i]) < 100)) return false;
            for (int i = 0; i < qvel.Length; i++) if (!(Math.Abs(qvel[i]) < 100)) return false;
            return qpos[1] > 0.7 && qpos[2] > -0.2 && qpos[2] < 0.2;
        }
    }

    /// <inheritdoc />
    protected override bool TerminatesWhenUnhealthy => true;

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos[1..].CopyTo(observation);
        WriteClippedVelocities(observation[5..], 10);
    }
}
