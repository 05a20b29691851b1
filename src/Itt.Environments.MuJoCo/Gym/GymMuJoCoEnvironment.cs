using Itt.Core.Random;
using Itt.Environments.MuJoCo.Models;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.Gym;

/// <summary>
/// Gymnasium's MuJoCo v4 mechanics (docs/environments.md 4.0.1): reset = qpos0 and zero velocity plus noise (all position draws,
/// then all velocity draws) followed by <c>mj_forward</c>; a step copies the action into <c>ctrl</c> and calls
/// <c>mj_step</c> <see cref="FrameSkip"/> times. The default reward is the locomotion one:
/// forward velocity of <c>qpos[0]</c> + healthy reward − control cost, each term kept for inspection.
/// </summary>
public abstract class GymMuJoCoEnvironment : MuJoCoEnvironment
{
    private readonly double[] _qposBefore;

    /// <summary>Compiles the embedded model <paramref name="modelName"/> and sets the task's constants.</summary>
    /// <param name="modelName">Embedded model (see <see cref="ModelLibrary"/>).</param>
    /// <param name="frameSkip">Physics steps per environment step.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="resetNoiseScale">Half-width of the uniform reset noise.</param>
    /// <param name="controlCostWeight">Weight of Σ a².</param>
    /// <param name="healthyReward">Reward paid every step (0 for tasks without a health notion).</param>
    protected GymMuJoCoEnvironment(string modelName, int frameSkip, int observationSize, double resetNoiseScale,
        double controlCostWeight, double healthyReward = 0)
        : base(MuJoCoModel.Compile(ModelLibrary.Embedded(modelName), modelName), observationSize)
    {
        FrameSkip = frameSkip;
        Dt = Model.Timestep * frameSkip;
        ResetNoiseScale = resetNoiseScale;
        ControlCostWeight = controlCostWeight;
        HealthyRewardValue = healthyReward;
        _qposBefore = new double[Model.Nq];
    }

    /// <summary>Physics steps per environment step.</summary>
    public int FrameSkip { get; }

    /// <summary>Time covered by one environment step (timestep × frame skip).</summary>
    public double Dt { get; }

    /// <summary>Half-width of the uniform reset noise.</summary>
    public double ResetNoiseScale { get; }

    /// <summary>Weight of the control cost.</summary>
    public double ControlCostWeight { get; }

    /// <summary>Healthy reward paid on every step (including the terminating one).</summary>
    public double HealthyRewardValue { get; }

    /// <summary>Last step's forward velocity of <c>qpos[0]</c> (finite difference over <see cref="Dt"/>).</summary>
    public double LastXVelocity { get; private set; }

    /// <summary>Last step's forward reward term.</summary>
    public double LastForwardReward { get; protected set; }

    /// <summary>Last step's control cost (positive; subtracted from the reward).</summary>
    public double LastControlCost { get; protected set; }

    /// <summary>Last step's healthy reward term.</summary>
    public double LastHealthyReward { get; protected set; }

    /// <summary>qpos as it was before the last step.</summary>
    protected ReadOnlySpan<double> QposBefore => _qposBefore;

    /// <summary>Whether the current state is healthy (true for tasks without a health notion).</summary>
    public virtual bool IsHealthy => true;

    /// <summary>Whether an unhealthy state ends the episode.</summary>
    protected virtual bool TerminatesWhenUnhealthy => false;

    /// <inheritdoc />
    protected override void ResetCore(CounterRng random)
    {
        Simulation.Reset(); // qpos = qpos0, qvel = 0
        foreach (ref double q in Simulation.Qpos) q += random.Uniform(-ResetNoiseScale, ResetNoiseScale);
        foreach (ref double v in Simulation.Qvel) v = DrawVelocityNoise(random);
        Simulation.Forward();
    }

    /// <summary>One velocity draw of the reset (uniform by default).</summary>
    protected virtual double DrawVelocityNoise(CounterRng random) => random.Uniform(-ResetNoiseScale, ResetNoiseScale);

    /// <inheritdoc />
    protected sealed override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        Simulation.Qpos.CopyTo(_qposBefore);
        ApplyControls(action);
        for (int i = 0; i < FrameSkip; i++) Simulation.Step();
        LastXVelocity = (Simulation.Qpos[0] - _qposBefore[0]) / Dt;
        return Evaluate(action);
    }

    /// <summary>Reward and termination of the step just taken (default: the locomotion reward).</summary>
    protected virtual (double Reward, bool Terminated) Evaluate(ReadOnlySpan<float> action)
    {
        LastForwardReward = LastXVelocity;
        LastControlCost = ControlCostWeight * SquaredNorm(action);
        LastHealthyReward = HealthyRewardValue;
        bool healthy = IsHealthy;
        return (LastForwardReward + LastHealthyReward - LastControlCost, TerminatesWhenUnhealthy && !healthy);
    }

    /// <inheritdoc />
    protected override void RecomputeDerived() => Simulation.Forward();

    /// <summary>Writes <c>clip(v, −limit, limit)</c> of every velocity into <paramref name="destination"/>.</summary>
    protected void WriteClippedVelocities(Span<double> destination, double limit)
    {
        var qvel = Simulation.Qvel;
        for (int i = 0; i < qvel.Length; i++) destination[i] = Math.Clamp(qvel[i], -limit, limit);
    }
}
