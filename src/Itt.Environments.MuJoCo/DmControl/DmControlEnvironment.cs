using Itt.Core.Random;
using Itt.Environments.MuJoCo.Native;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.DmControl;

/// <summary>
/// dm_control's task mechanics (docs/environments.md 5.1): reset = <c>mj_resetData</c>, a forward pass with actuation disabled,
/// the task's initialisation, another such forward pass; a step uses the legacy order
/// (<c>mj_step2</c>, <c>mj_step</c> × (n − 1), <c>mj_step1</c>) so that positions and position/velocity sensors describe
/// the final state. Episodes never terminate (the 1000-step limit comes from the registry). A MuJoCo warning
/// during a step or a reset raises <see cref="MuJoCoPhysicsException"/>, as dm_control's <c>PhysicsError</c> does.
/// </summary>
public abstract class DmControlEnvironment : MuJoCoEnvironment
{
    /// <summary>Takes ownership of <paramref name="model"/>.</summary>
    /// <param name="model">The compiled task model.</param>
    /// <param name="subSteps">Physics steps per control step (control timestep / physics timestep).</param>
    /// <param name="observationSize">Flattened observation length.</param>
    protected DmControlEnvironment(MuJoCoModel model, int subSteps, int observationSize) : base(model, observationSize)
        => SubSteps = subSteps;

    /// <summary>Physics steps per control step.</summary>
    public int SubSteps { get; }

    /// <summary>Control timestep (physics timestep × sub-steps).</summary>
    public double ControlTimestep => Model.Timestep * SubSteps;

    /// <inheritdoc />
    protected sealed override void ResetCore(CounterRng random)
    {
        Simulation.Reset(); // also zeroes the warning counters
        Simulation.ForwardWithoutActuation();
        InitializeEpisode(random);
        Simulation.ForwardWithoutActuation();
        if (Simulation.WarningCount > 0)
            throw new MuJoCoPhysicsException($"MuJoCo warned while resetting '{Model.Name}'");
    }

    /// <summary>Draws the episode's start (joint angles, target position …) in the task's draw order.</summary>
    protected abstract void InitializeEpisode(CounterRng random);

    /// <inheritdoc />
    protected sealed override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        ApplyControls(action);
        int warnings = Simulation.WarningCount;
        Simulation.Step2();
        for (int i = 1; i < SubSteps; i++) Simulation.Step();
        Simulation.Step1();
        if (Simulation.WarningCount > warnings)
            throw new MuJoCoPhysicsException($"MuJoCo warned during a step of '{Model.Name}' (time {Simulation.Time})");
        return (Reward(), false);
    }

    /// <summary>The reward of the current state, in [0, 1].</summary>
    public abstract double Reward();

    /// <inheritdoc />
    protected override void RecomputeDerived() => Simulation.ForwardWithoutActuation();

    /// <summary>
    /// dm_control's joint randomiser (docs/environments.md 5.1.5) over every joint in model order: limited hinges and slides
    /// uniform in range, unlimited hinges uniform in (−π, π), unlimited slides untouched, free-joint quaternions
    /// from four U(0, 1) draws, ball joints from normal draws.
    /// </summary>
    protected void RandomizeJoints(CounterRng random)
    {
        var type = Model.JointType;
        var limited = Model.JointLimited;
        var range = Model.JointRange;
        var address = Model.JointQposAddress;
        var qpos = Simulation.Qpos;
        for (int j = 0; j < type.Length; j++)
        {
            int a = address[j];
            bool isLimited = limited[j] != 0;
            switch (type[j])
            {
                case MjConstants.mjJNT_HINGE or MjConstants.mjJNT_SLIDE when isLimited:
                    qpos[a] = random.Uniform(range[2 * j], range[2 * j + 1]);
                    break;
                case MjConstants.mjJNT_HINGE:
                    qpos[a] = random.Uniform(-Math.PI, Math.PI);
                    break;
                case MjConstants.mjJNT_FREE:
                    WriteNormalized(qpos.Slice(a + 3, 4), random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble());
                    break;
                case MjConstants.mjJNT_BALL when isLimited:
                {
                    double x = random.NextGaussian(), y = random.NextGaussian(), z = random.NextGaussian();
                    double norm = Math.Sqrt(x * x + y * y + z * z);
                    double half = 0.5 * random.NextDouble() * range[2 * j + 1];
                    double s = Math.Sin(half) / norm;
                    WriteNormalized(qpos.Slice(a, 4), Math.Cos(half), x * s, y * s, z * s);
                    break;
                }
                case MjConstants.mjJNT_BALL:
                    WriteNormalized(qpos.Slice(a, 4), random.NextGaussian(), random.NextGaussian(), random.NextGaussian(), random.NextGaussian());
                    break;
            }
        }
    }

    /// <summary>The model position of geom <paramref name="geom"/> in its body frame (writable: targets move).</summary>
    protected Span<double> GeomPosition(int geom) => Model.GeomPos.Slice(3 * geom, 3);

    /// <summary>The vector from geom <paramref name="from"/> to geom <paramref name="to"/>, expressed in <paramref name="frame"/> (row-major 3×3).</summary>
    protected (double X, double Y, double Z) GeomOffsetIn(int from, int to, ReadOnlySpan<double> frame)
    {
        var xpos = Simulation.GeomXpos;
        return ToLocalFrame(frame, xpos[3 * to] - xpos[3 * from], xpos[3 * to + 1] - xpos[3 * from + 1], xpos[3 * to + 2] - xpos[3 * from + 2]);
    }

    /// <summary>Writes the unit quaternion along (w, x, y, z).</summary>
    protected static void WriteNormalized(Span<double> quaternion, double w, double x, double y, double z)
    {
        double norm = Math.Sqrt(w * w + x * x + y * y + z * z);
        quaternion[0] = w / norm;
        quaternion[1] = x / norm;
        quaternion[2] = y / norm;
        quaternion[3] = z / norm;
    }
}
