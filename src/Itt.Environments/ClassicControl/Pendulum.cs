using Itt.Core.Random;
using Itt.Environments.Spaces;

namespace Itt.Environments.ClassicControl;

/// <summary>
/// Pendulum-v1: swing a pendulum up and hold it (θ = 0 upright) with a torque in [−2, 2].
/// Semi-implicit Euler, dt = 0.05; reward −(norm(θ)² + 0.1·θ̇² + 0.001·u²) from the state before the step.
/// Never terminates; θ is not wrapped in the state.
/// </summary>
public sealed class Pendulum : Env
{
    /// <summary>Physical state (θ, θ̇).</summary>
    public readonly record struct PhysicalState(double Theta, double ThetaDot);

    private const double MaxSpeed = 8.0, MaxTorque = 2.0, Dt = 0.05, Mass = 1.0, Length = 1.0;
    private readonly double _gravity;
    private PhysicalState _state;

    /// <summary>Creates the core environment with gravity <paramref name="gravity"/>.</summary>
    public Pendulum(double gravity = 10.0) : base(new BoxSpace([-1f, -1f, -8f], [1f, 1f, 8f]), new BoxSpace([-2f], [2f]))
        => _gravity = gravity;

    /// <summary>Reads or overwrites the physical state.</summary>
    public PhysicalState State
    {
        get => _state;
        set { _state = value; MarkStateSet(); }
    }

    /// <inheritdoc />
    protected override void ResetCore(CounterRng random)
        => _state = new(random.Uniform(-Math.PI, Math.PI), random.Uniform(-1.0, 1.0));

    /// <inheritdoc />
    protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        var (theta, thetaDot) = _state;
        float u = Math.Clamp(action[0], (float)-MaxTorque, (float)MaxTorque);
        // As the reference: squares by pow, and NumPy 1.x promotes the f32 action to f64 before squaring it.
        double cost = Math.Pow(AngleNormalize(theta), 2) + 0.1 * Math.Pow(thetaDot, 2) + 0.001 * ((double)u * u);
        double newThetaDot = thetaDot + (3 * _gravity / (2 * Length) * Math.Sin(theta) + 3.0 / (Mass * Length * Length) * u) * Dt;
        newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        _state = new(theta + newThetaDot * Dt, newThetaDot);
        return (-cost, false);
    }

    /// <summary>((x + π) mod 2π) − π with a floored modulo.</summary>
    private static double AngleNormalize(double x)
    {
        double period = 2 * Math.PI;
        double m = (x + Math.PI) % period;
        if (m < 0) m += period;
        return m - Math.PI;
    }

    /// <inheritdoc />
    public override void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_state.Theta);
        observation[1] = (float)Math.Sin(_state.Theta);
        observation[2] = (float)_state.ThetaDot;
    }
}
