using Itt.Core.Random;
using Itt.Environments.Spaces;

namespace Itt.Environments.ClassicControl;

/// <summary>
/// Acrobot-v1: swing the tip of a two-link pendulum, actuated at the middle joint (torque −1, 0, +1 for
/// actions 0, 1, 2), above the height of one link. One RK4 step of 0.2 s per environment step ("book" dynamics);
/// angles are wrapped to [−π, π], velocities clamped to 4π and 9π. Reward −1 per step, 0 on the terminating step.
/// </summary>
public sealed class Acrobot : Env
{
    /// <summary>Physical state (θ1, θ2, ω1, ω2); θ1 = 0 hangs straight down, θ2 is relative to link 1.</summary>
    public readonly record struct PhysicalState(double Theta1, double Theta2, double Omega1, double Omega2);

    private const double Dt = 0.2, L1 = 1.0, M1 = 1.0, M2 = 1.0, Lc1 = 0.5, Lc2 = 0.5, I1 = 1.0, I2 = 1.0, G = 9.8;
    private const double MaxOmega1 = 4 * Math.PI, MaxOmega2 = 9 * Math.PI;

    private PhysicalState _state;

    /// <summary>Creates the core environment.</summary>
    public Acrobot() : base(
        new BoxSpace([-1f, -1f, -1f, -1f, -12.566371f, -28.274334f], [1f, 1f, 1f, 1f, 12.566371f, 28.274334f]),
        new DiscreteSpace(3)) { }

    /// <summary>Reads or overwrites the physical state.</summary>
    public PhysicalState State
    {
        get => _state;
        set { _state = value; MarkStateSet(); }
    }

    /// <inheritdoc />
    protected override void ResetCore(CounterRng random)
    {
        double t1 = random.Uniform(-0.1, 0.1), t2 = random.Uniform(-0.1, 0.1);
        double w1 = random.Uniform(-0.1, 0.1), w2 = random.Uniform(-0.1, 0.1);
        // The original casts the start state to float32.
        _state = new((float)t1, (float)t2, (float)w1, (float)w2);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        double torque = action[0] - 1.0;
        Span<double> y = [_state.Theta1, _state.Theta2, _state.Omega1, _state.Omega2];
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4];
        Span<double> tmp = stackalloc double[4];
        Derivatives(y, torque, k1);
        for (int i = 0; i < 4; i++) tmp[i] = y[i] + Dt / 2 * k1[i];
        Derivatives(tmp, torque, k2);
        for (int i = 0; i < 4; i++) tmp[i] = y[i] + Dt / 2 * k2[i];
        Derivatives(tmp, torque, k3);
        for (int i = 0; i < 4; i++) tmp[i] = y[i] + Dt * k3[i];
        Derivatives(tmp, torque, k4);
        for (int i = 0; i < 4; i++) y[i] = y[i] + Dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        _state = new(Wrap(y[0]), Wrap(y[1]), Math.Clamp(y[2], -MaxOmega1, MaxOmega1), Math.Clamp(y[3], -MaxOmega2, MaxOmega2));
        bool terminated = -Math.Cos(_state.Theta1) - Math.Cos(_state.Theta2 + _state.Theta1) > 1.0;
        return (terminated ? 0.0 : -1.0, terminated);
    }

    /// <summary>The "book" equations of motion: (ω1, ω2, α1, α2) at state <paramref name="s"/> under torque <paramref name="a"/>.</summary>
    internal static void Derivatives(ReadOnlySpan<double> s, double a, Span<double> ds)
    {
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = M1 * Lc1 * Lc1 + M2 * (L1 * L1 + Lc2 * Lc2 + 2 * L1 * Lc2 * Math.Cos(theta2)) + I1 + I2;
        double d2 = M2 * (Lc2 * Lc2 + L1 * Lc2 * Math.Cos(theta2)) + I2;
        double phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        // The reference squares the variables with Python's `x**2`, i.e. C pow(x, 2), which glibc does not round
        // like x*x for about 1 argument in 1,000; Math.Pow calls the same libm on Linux.
        double phi1 = -M2 * L1 * Lc2 * Math.Pow(dtheta2, 2) * Math.Sin(theta2)
                      - 2 * M2 * L1 * Lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
                      + (M1 * Lc1 + M2 * L1) * G * Math.Cos(theta1 - Math.PI / 2) + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * Lc2 * Math.Pow(dtheta1, 2) * Math.Sin(theta2) - phi2)
                          / (M2 * Lc2 * Lc2 + I2 - Math.Pow(d2, 2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
    }

    private static double Wrap(double x)
    {
        while (x > Math.PI) x -= 2 * Math.PI;
        while (x < -Math.PI) x += 2 * Math.PI;
        return x;
    }

    /// <inheritdoc />
    public override void Observe(Span<float> observation)
    {
        var s = _state;
        observation[0] = (float)Math.Cos(s.Theta1);
        observation[1] = (float)Math.Sin(s.Theta1);
        observation[2] = (float)Math.Cos(s.Theta2);
        observation[3] = (float)Math.Sin(s.Theta2);
        observation[4] = (float)s.Omega1;
        observation[5] = (float)s.Omega2;
    }
}
