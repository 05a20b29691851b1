using Itt.Core.Random;
using Itt.Environments.Spaces;

namespace Itt.Environments.ClassicControl;

/// <summary>
/// CartPole-v1: balance a pole on a cart by pushing it left (action 0) or right (action 1).
/// Explicit Euler with τ = 0.02 s; the episode terminates when |x| &gt; 2.4 or |θ| &gt; 12°.
/// Reward +1 on every step, including the terminating one. Start state: each variable U(−0.05, 0.05).
/// </summary>
public sealed class CartPole : Env
{
    /// <summary>Physical state (x, ẋ, θ, θ̇) in double precision; θ = 0 is upright.</summary>
    public readonly record struct PhysicalState(double X, double XDot, double Theta, double ThetaDot);

    private const double Gravity = 9.8, CartMass = 1.0, PoleMass = 0.1, TotalMass = CartMass + PoleMass;
    private const double HalfLength = 0.5, PoleMassLength = PoleMass * HalfLength, ForceMagnitude = 10.0, Tau = 0.02;

    /// <summary>|θ| beyond this terminates: 12 · 2π / 360.</summary>
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360;

    /// <summary>|x| beyond this terminates.</summary>
    public const double XThreshold = 2.4;

    private PhysicalState _state;

    /// <summary>Creates the core environment.</summary>
    public CartPole() : base(
        new BoxSpace([-4.8f, float.NegativeInfinity, -0.41887903f, float.NegativeInfinity],
                     [4.8f, float.PositiveInfinity, 0.41887903f, float.PositiveInfinity]),
        new DiscreteSpace(2)) { }

    /// <summary>Reads or overwrites the physical state (Gymnasium's <c>unwrapped.state</c>).</summary>
    public PhysicalState State
    {
        get => _state;
        set { _state = value; MarkStateSet(); }
    }

    /// <inheritdoc />
    protected override void ResetCore(CounterRng random)
        => _state = new(random.Uniform(-0.05, 0.05), random.Uniform(-0.05, 0.05),
                        random.Uniform(-0.05, 0.05), random.Uniform(-0.05, 0.05));

    /// <inheritdoc />
    protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        var (x, xDot, theta, thetaDot) = _state;
        double force = action[0] == 1 ? ForceMagnitude : -ForceMagnitude;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        // Grouped as the reference writes it: squares first (np.square), then left to right. Any other grouping
        // rounds differently, and a balanced pole amplifies the difference (docs: bit-exact arithmetic).
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sin) / TotalMass;
        double thetaAcc = (Gravity * sin - cos * temp) / (HalfLength * (4.0 / 3.0 - PoleMass * (cos * cos) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        _state = new(x + Tau * xDot, xDot + Tau * xAcc, theta + Tau * thetaDot, thetaDot + Tau * thetaAcc);
        bool terminated = _state.X < -XThreshold || _state.X > XThreshold
                          || _state.Theta < -ThetaThreshold || _state.Theta > ThetaThreshold;
        return (1.0, terminated);
    }

    /// <inheritdoc />
    public override void Observe(Span<float> observation)
    {
        observation[0] = (float)_state.X;
        observation[1] = (float)_state.XDot;
        observation[2] = (float)_state.Theta;
        observation[3] = (float)_state.ThetaDot;
    }
}
