using Itt.Core.Random;
using Itt.Environments.MuJoCo.Models;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.DmControl;

/// <summary>
/// dm_control swimmer-swimmer6 / swimmer-swimmer15 (docs/environments.md 5.2): an n-link swimmer brings its nose to a target.
/// Observation: joint angles (n − 1), nose-to-target in the head frame (x, y), per-body velocimeter x, y and gyro z
/// (3n). Reward: long-tail tolerance of the nose–target distance with the target radius as bound.
/// </summary>
public sealed class DmSwimmer : DmControlEnvironment
{
    private const int BodyVelocitySensorStart = 12, SensorValuesPerBody = 6;
    private readonly int _bodies, _nose, _target, _head;
    private readonly double _targetRadius;

    /// <summary>Creates the task with <paramref name="bodies"/> links (6 or 15 in the registry).</summary>
    public DmSwimmer(int bodies)
        : base(MuJoCoModel.Compile(ModelLibrary.DmSwimmer(bodies), $"swimmer{bodies}"), subSteps: 15, observationSize: 4 * bodies + 1)
    {
        _bodies = bodies;
        _nose = Model.GeomId("nose");
        _target = Model.GeomId("target");
        _head = Model.BodyId("head");
        _targetRadius = Model.GeomSize[3 * _target];
    }

    /// <summary>The target's (x, y) in the world; settable so tests can place it.</summary>
    public (double X, double Y) Target
    {
        get => (GeomPosition(_target)[0], GeomPosition(_target)[1]);
        set
        {
            (GeomPosition(_target)[0], GeomPosition(_target)[1]) = value;
            RecomputeDerived();
        }
    }

    /// <inheritdoc />
    protected override void InitializeEpisode(CounterRng random)
    {
        RandomizeJoints(random);
        bool close = random.NextDouble() < 0.2;
        double halfWidth = close ? 0.3 : 2.0;
        double x = random.Uniform(-halfWidth, halfWidth);
        double y = random.Uniform(-halfWidth, halfWidth);
        (GeomPosition(_target)[0], GeomPosition(_target)[1]) = (x, y);
    }

    /// <summary>Nose-to-target vector in the head frame, (x, y) components.</summary>
    public (double X, double Y) NoseToTarget()
    {
        var (x, y, _) = GeomOffsetIn(_nose, _target, Simulation.Xmat.Slice(9 * _head, 9));
        return (x, y);
    }

    /// <inheritdoc />
    public override double Reward()
    {
        var (x, y) = NoseToTarget();
        double distance = Math.Sqrt(x * x + y * y);
        return Tolerance.Of(distance, 0, _targetRadius, margin: 5 * _targetRadius, Sigmoid.LongTail);
    }

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos[3..].CopyTo(observation);
        int k = _bodies - 1;
        (observation[k], observation[k + 1]) = NoseToTarget();
        k += 2;
        var sensors = Simulation.SensorData;
        for (int b = 0; b < _bodies; b++)
        {
            int row = BodyVelocitySensorStart + SensorValuesPerBody * b;
            observation[k++] = sensors[row];
            observation[k++] = sensors[row + 1];
            observation[k++] = sensors[row + 5];
        }
    }
}
