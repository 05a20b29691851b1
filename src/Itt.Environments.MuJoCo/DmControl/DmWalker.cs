using Itt.Core.Random;
using Itt.Environments.MuJoCo.Models;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.DmControl;

/// <summary>
/// dm_control walker-walk (docs/environments.md 5.5): a planar biped walks forward at 1 m/s while standing tall. Observation: the
/// (xx, xz) orientation entries of its 7 bodies, torso height, qvel. Reward: stand reward × (5·move + 1) / 6.
/// </summary>
public sealed class DmWalker : DmControlEnvironment
{
    private const double StandHeight = 1.2, WalkSpeed = 1.0;
    private const int Bodies = 7;
    private readonly int _torso;

    /// <summary>Creates the task.</summary>
    public DmWalker() : base(MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.DmWalker), "walker"), subSteps: 10, observationSize: 24)
        => _torso = Model.BodyId("torso");

    /// <inheritdoc />
    protected override void InitializeEpisode(CounterRng random) => RandomizeJoints(random);

    /// <summary>Height of the torso frame.</summary>
    public double TorsoHeight => Simulation.Xpos[3 * _torso + 2];

    /// <summary>x velocity of the whole walker's centre of mass (subtree linear velocity sensor).</summary>
    public double HorizontalVelocity => Simulation.SensorData[0];

    /// <inheritdoc />
    public override double Reward()
    {
        double standing = Tolerance.Of(TorsoHeight, StandHeight, double.PositiveInfinity, margin: StandHeight / 2);
        double upright = (1 + Simulation.Xmat[9 * _torso + 8]) / 2;
        double standReward = (3 * standing + upright) / 4;
        double move = Tolerance.Of(HorizontalVelocity, WalkSpeed, double.PositiveInfinity, margin: WalkSpeed / 2,
            Sigmoid.Linear, valueAtMargin: 0.5);
        return standReward * (5 * move + 1) / 6;
    }

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        var xmat = Simulation.Xmat;
        for (int b = 0; b < Bodies; b++)
        {
            observation[2 * b] = xmat[9 * (b + 1)];
            observation[2 * b + 1] = xmat[9 * (b + 1) + 2];
        }
        observation[14] = TorsoHeight;
        Simulation.Qvel.CopyTo(observation[15..]);
    }
}
