using Itt.Core.Random;
using Itt.Environments.MuJoCo.Models;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.DmControl;

/// <summary>
/// dm_control fish-swim (docs/environments.md 5.3): a fish swims its mouth into a target while staying upright. Observation: the 7
/// hinge angles, uprightness, mouth-to-target in the mouth frame (3), qvel (13). Reward:
/// (7·in_target + is_upright) / 8.
/// </summary>
public sealed class DmFish : DmControlEnvironment
{
    private const int HingeStart = 7, Hinges = 7;
    private readonly int _mouth, _target, _torso;
    private readonly double _radii;

    /// <summary>Creates the task.</summary>
    public DmFish() : base(MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.DmFish), "fish"), subSteps: 10, observationSize: 24)
    {
        _mouth = Model.GeomId("mouth");
        _target = Model.GeomId("target");
        _torso = Model.BodyId("torso");
        _radii = Model.GeomSize[3 * _mouth] + Model.GeomSize[3 * _target];
    }

    /// <summary>The target's position in the world; settable so tests can place it.</summary>
    public (double X, double Y, double Z) Target
    {
        get
        {
            var p = GeomPosition(_target);
            return (p[0], p[1], p[2]);
        }
        set
        {
            var p = GeomPosition(_target);
            (p[0], p[1], p[2]) = value;
            RecomputeDerived();
        }
    }

    /// <inheritdoc />
    protected override void InitializeEpisode(CounterRng random)
    {
        var qpos = Simulation.Qpos;
        WriteNormalized(qpos.Slice(3, 4), random.NextGaussian(), random.NextGaussian(), random.NextGaussian(), random.NextGaussian());
        for (int i = 0; i < Hinges; i++) qpos[HingeStart + i] = random.Uniform(-0.2, 0.2);
        double x = random.Uniform(-0.4, 0.4);
        double y = random.Uniform(-0.4, 0.4);
        double z = random.Uniform(0.1, 0.3);
        var target = GeomPosition(_target);
        (target[0], target[1], target[2]) = (x, y, z);
    }

    /// <summary>z-component of the torso's z axis.</summary>
    public double Upright => Simulation.Xmat[9 * _torso + 8];

    /// <summary>Mouth-to-target vector in the mouth geom's frame.</summary>
    public (double X, double Y, double Z) MouthToTarget() => GeomOffsetIn(_mouth, _target, Simulation.GeomXmat.Slice(9 * _mouth, 9));

    /// <inheritdoc />
    public override double Reward()
    {
        var (x, y, z) = MouthToTarget();
        double inTarget = Tolerance.Of(Math.Sqrt(x * x + y * y + z * z), 0, _radii, margin: 2 * _radii);
        double isUpright = 0.5 * (Upright + 1);
        return (7 * inTarget + isUpright) / 8;
    }

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos.Slice(HingeStart, Hinges).CopyTo(observation);
        observation[7] = Upright;
        (observation[8], observation[9], observation[10]) = MouthToTarget();
        Simulation.Qvel.CopyTo(observation[11..]);
    }
}
