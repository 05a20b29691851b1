using Itt.Environments.MuJoCo.Models;

namespace Itt.Environments.MuJoCo.Gym;

/// <summary>
/// Walker2d-v4 (docs/environments.md 4.2): a planar biped walks forward. Observation: qpos[1..8] then clip(qvel, ±10); reward:
/// x velocity + 1 − 0.001·Σa²; the episode ends unless 0.8 &lt; height &lt; 2 and |pitch| &lt; 1.
/// </summary>
public sealed class Walker2d() : GymMuJoCoEnvironment(ModelLibrary.Walker2d, frameSkip: 4, observationSize: 17,
    resetNoiseScale: 5e-3, controlCostWeight: 1e-3, healthyReward: 1.0)
{
    /// <inheritdoc />
    public override bool IsHealthy
    {
        get
        {
            var qpos = Simulation.Qpos;
            return qpos[1] > 0.8 && qpos[1] < 2.0 && qpos[2] > -1.0 && qpos[2] < 1.0;
        }
    }

    /// <inheritdoc />
    protected override bool TerminatesWhenUnhealthy => true;

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos[1..].CopyTo(observation);
        WriteClippedVelocities(observation[8..], 10);
    }
}
