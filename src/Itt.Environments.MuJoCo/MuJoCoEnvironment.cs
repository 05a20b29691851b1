using Itt.Environments.MuJoCo.Physics;
using Itt.Environments.Spaces;

namespace Itt.Environments.MuJoCo;

/// <summary>
/// Plumbing shared by the Gymnasium and dm_control tasks: one compiled model with one simulation, an action box
/// from the actuators' control ranges, observations assembled in double precision and handed out as floats, and
/// Gymnasium-style <see cref="SetState"/> so that tests can start from exact states.
/// </summary>
public abstract class MuJoCoEnvironment : Env
{
    private readonly double[] _observation;

    /// <summary>Takes ownership of <paramref name="model"/> and makes its simulation.</summary>
    protected MuJoCoEnvironment(MuJoCoModel model, int observationSize)
        : base(UnboundedBox(observationSize), ActionBox(model))
    {
        Model = model;
        Simulation = new MuJoCoSimulation(model);
        _observation = new double[observationSize];
    }

    /// <summary>The compiled model.</summary>
    public MuJoCoModel Model { get; }

    /// <summary>The simulation state (qpos, qvel, ctrl, derived quantities).</summary>
    public MuJoCoSimulation Simulation { get; }

    /// <summary>Generalised positions of the current state.</summary>
    public ReadOnlySpan<double> Qpos => Simulation.Qpos;

    /// <summary>Generalised velocities of the current state.</summary>
    public ReadOnlySpan<double> Qvel => Simulation.Qvel;

    /// <summary>
    /// Overwrites qpos and qvel (Gymnasium's <c>set_state</c>), recomputes the derived quantities and lets the episode
    /// be stepped again.
    /// </summary>
    public void SetState(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        if (qpos.Length != Simulation.Qpos.Length || qvel.Length != Simulation.Qvel.Length)
            throw new ArgumentException($"state needs {Simulation.Qpos.Length} positions and {Simulation.Qvel.Length} velocities");
        qpos.CopyTo(Simulation.Qpos);
        qvel.CopyTo(Simulation.Qvel);
        RecomputeDerived();
        MarkStateSet();
    }

    /// <summary>Writes the observation of the current state in double precision.</summary>
    public abstract void ObserveExact(Span<double> observation);

    /// <inheritdoc />
    public sealed override void Observe(Span<float> observation)
    {
        ObserveExact(_observation);
        for (int i = 0; i < _observation.Length; i++) observation[i] = (float)_observation[i];
    }

    /// <summary>Recomputes positions, velocities and sensors after the state was overwritten.</summary>
    protected abstract void RecomputeDerived();

    /// <summary>Copies an action into <c>ctrl</c> unchanged (MuJoCo clamps it when computing forces).</summary>
    protected void ApplyControls(ReadOnlySpan<float> action)
    {
        var ctrl = Simulation.Ctrl;
        for (int i = 0; i < ctrl.Length; i++) ctrl[i] = action[i];
    }

    /// <summary>Σ aᵢ² of the action as given (out-of-range values are penalised in full).</summary>
    protected static double SquaredNorm(ReadOnlySpan<float> action)
    {
        double sum = 0;
        foreach (float a in action) sum += (double)a * a;
        return sum;
    }

    /// <summary>Rᵀ v for a row-major 3×3 rotation R: v expressed in the frame whose axes are R's columns.</summary>
    protected static (double X, double Y, double Z) ToLocalFrame(ReadOnlySpan<double> rotation, double vx, double vy, double vz)
        => (rotation[0] * vx + rotation[3] * vy + rotation[6] * vz,
            rotation[1] * vx + rotation[4] * vy + rotation[7] * vz,
            rotation[2] * vx + rotation[5] * vy + rotation[8] * vz);

    private static BoxSpace UnboundedBox(int dimension) => BoxSpace.Uniform(dimension, float.NegativeInfinity, float.PositiveInfinity);

    private static BoxSpace ActionBox(MuJoCoModel model)
    {
        var range = model.ActuatorControlRange;
        var low = new float[model.Nu];
        var high = new float[model.Nu];
        for (int i = 0; i < low.Length; i++) (low[i], high[i]) = ((float)range[2 * i], (float)range[2 * i + 1]);
        return new BoxSpace(low, high);
    }

    /// <summary>Frees the simulation and the model.</summary>
    public override void Dispose()
    {
        Simulation.Dispose();
        Model.Dispose();
        base.Dispose();
    }
}
