using Itt.Environments.MuJoCo.Models;

namespace Itt.Environments.MuJoCo.Gym;

/// <summary>
/// InvertedPendulum-v4 (docs/environments.md 4.5): balance a pole on a cart. Observation: (cart x, pole angle, their velocities);
/// reward 1 on every step; the episode ends when the pole leans more than 0.2 rad or the state is not finite.
/// </summary>
public sealed class InvertedPendulum() : GymMuJoCoEnvironment(ModelLibrary.InvertedPendulum, frameSkip: 2,
    observationSize: 4, resetNoiseScale: 0.01, controlCostWeight: 0, healthyReward: 1.0)
{
    /// <inheritdoc />
    public override bool IsHealthy
    {
        get
        {
            var qpos = Simulation.Qpos;
            var qvel = Simulation.Qvel;
            bool finite = double.IsFinite(qpos[0]) && double.IsFinite(qpos[1]) && double.IsFinite(qvel[0]) && double.IsFinite(qvel[1]);
            return finite && Math.Abs(qpos[1]) <= 0.2;
        }
    }

    /// <inheritdoc />
    protected override bool TerminatesWhenUnhealthy => true;

    /// <inheritdoc />
    protected override (double Reward, bool Terminated) Evaluate(ReadOnlySpan<float> action)
    {
        LastForwardReward = 0;
        LastControlCost = 0;
        LastHealthyReward = HealthyRewardValue;
        return (LastHealthyReward, !IsHealthy);
    }

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos.CopyTo(observation);
        Simulation.Qvel.CopyTo(observation[2..]);
    }
}
