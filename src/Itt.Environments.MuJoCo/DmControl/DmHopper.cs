using Itt.Core.Random;
using Itt.Environments.MuJoCo.Models;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.DmControl;

/// <summary>
/// dm_control hopper-stand (docs/environments.md 5.4): a planar hopper, started at a random pitch, must stand up. Observation:
/// qpos[1..6], qvel (7), ln(1 + toe touch), ln(1 + heel touch). Reward: standing (torso-above-foot height in
/// [0.6, 2]) × small-control bonus.
/// </summary>
public sealed class DmHopper : DmControlEnvironment
{
    private const int TouchToe = 3, TouchHeel = 4;
    private readonly int _torso, _foot;

    /// <summary>Creates the task.</summary>
    public DmHopper() : base(MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.DmHopper), "hopper"), subSteps: 4, observationSize: 15)
    {
        _torso = Model.BodyId("torso");
        _foot = Model.BodyId("foot");
    }

    /// <inheritdoc />
    protected override void InitializeEpisode(CounterRng random) => RandomizeJoints(random);

    /// <summary>Height of the torso's centre of mass above the foot's.</summary>
    public double Height => Simulation.Xipos[3 * _torso + 2] - Simulation.Xipos[3 * _foot + 2];

    /// <inheritdoc />
    public override double Reward()
    {
        double standing = Tolerance.Of(Height, 0.6, 2.0);
        var ctrl = Simulation.Ctrl;
        double sum = 0;
        foreach (double c in ctrl) sum += Tolerance.Of(c, 0, 0, margin: 1, Sigmoid.Quadratic, valueAtMargin: 0);
        double smallControl = (sum / ctrl.Length + 4) / 5;
        return standing * smallControl;
    }

    /// <inheritdoc />
    public override void ObserveExact(Span<double> observation)
    {
        Simulation.Qpos[1..].CopyTo(observation);
        Simulation.Qvel.CopyTo(observation[6..]);
        observation[13] = Math.Log(1 + Simulation.SensorData[TouchToe]);
        observation[14] = Math.Log(1 + Simulation.SensorData[TouchHeel]);
    }
}
