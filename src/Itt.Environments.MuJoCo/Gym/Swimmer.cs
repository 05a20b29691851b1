using Itt.Environments.MuJoCo.Models;

namespace Itt.Environments.MuJoCo.Gym;

/// <summary>
/// Swimmer-v4 (docs/environments.md 4.4): a three-link swimmer in a viscous fluid. Observation: qpos[2..4] then qvel;
/// reward: x velocity of the torso frame − 0.0001·Σa²; never terminates.
/// </summary>
public sealed class Swimmer() : GymMuJoCoEnvironment(ModelLibrary.Swimmer, frameSkip: 4, observationSize: 8,
    resetNoiseScale: 0.1, controlCostWeight: 1e-4)
{
    /// <summary>Last step's y velocity of the torso frame (Gymnasium's <c>y_velocity</c> info).</summary>
    public double LastYVelocity => (Simulation.Qpos[1] - QposBefore[1]) / Dt;

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos[2..].CopyTo(observation);
        Simulation.Qvel.CopyTo(observation[3..]);
    }
}
