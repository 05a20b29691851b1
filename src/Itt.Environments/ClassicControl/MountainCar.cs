using Itt.Core.Random;
using Itt.Environments.Spaces;

namespace Itt.Environments.ClassicControl;

/// <summary>
/// MountainCar-v0 and MountainCarContinuous-v0: drive an under-powered car up the right hill.
/// The discrete task pushes left, not at all or right (actions 0, 1, 2; force 0.001) and pays −1 per step until
/// position ≥ 0.5. The continuous task takes a force in [−1, 1] (power 0.0015), pays 100 on reaching
/// position ≥ 0.45 minus 0.1·a² per step (a unclipped), and keeps its state in single precision between steps.
/// Both start at position U(−0.6, −0.4) with zero velocity.
/// </summary>
public sealed class MountainCar : Env
{
    /// <summary>Physical state (position, velocity).</summary>
    public readonly record struct PhysicalState(double Position, double Velocity);

    private const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, Gravity = 0.0025;

    private readonly bool _continuous;
    private readonly double _goalPosition;
    private readonly double _goalVelocity;
    private PhysicalState _state;

    /// <summary>Creates the discrete (v0) or continuous core.</summary>
    public MountainCar(bool continuous, double goalVelocity = 0.0) : base(
        new BoxSpace([-1.2f, -0.07f], [0.6f, 0.07f]),
        continuous ? new BoxSpace([-1f], [1f]) : new DiscreteSpace(3))
    {
        _continuous = continuous;
        _goalPosition = continuous ? 0.45 : 0.5;
        _goalVelocity = goalVelocity;
    }

    /// <summary>Reads or overwrites the physical state.</summary>
    public PhysicalState State
    {
        get => _state;
        set { _state = value; MarkStateSet(); }
    }

    /// <inheritdoc />
    protected override void ResetCore(CounterRng random) => _state = new(random.Uniform(-0.6, -0.4), 0.0);

    /// <inheritdoc />
    protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        var (position, velocity) = _state;
        double push = _continuous ? Math.Clamp((double)action[0], -1.0, 1.0) * 0.0015 : (action[0] - 1) * 0.001;
        velocity += push - Gravity * Math.Cos(3 * position);
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        bool terminated = position >= _goalPosition && velocity >= _goalVelocity;
        if (!_continuous)
        {
            _state = new(position, velocity);
            return (-1.0, terminated);
        }
        // The continuous original stores its state as float32 after every step.
        _state = new((float)position, (float)velocity);
        // The reference: reward = 0 (or 100), then reward -= pow(action, 2) * 0.1 on the unclipped action.
        return ((terminated ? 100.0 : 0.0) - Math.Pow(action[0], 2) * 0.1, terminated);
    }

    /// <inheritdoc />
    public override void Observe(Span<float> observation)
    {
        observation[0] = (float)_state.Position;
        observation[1] = (float)_state.Velocity;
    }
}
