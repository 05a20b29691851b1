using Itt.Core.Random;
using Itt.Environments;
using Itt.Environments.Spaces;

/// <summary>Steer a point in the plane to the origin: reward −‖x‖ per step, 50 steps.</summary>
public sealed class Reach : Env
{
    private float _x, _y;

    public Reach() : base(BoxSpace.Uniform(2, -10f, 10f), BoxSpace.Uniform(2, -1f, 1f)) => MaxEpisodeSteps = 50;

    public override void Observe(Span<float> observation)
    {
        observation[0] = _x;
        observation[1] = _y;
    }

    protected override void ResetCore(CounterRng random)
    {
        _x = (float)random.Uniform(-2, 2);
        _y = (float)random.Uniform(-2, 2);
    }

    protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        _x += 0.2f * Math.Clamp(action[0], -1f, 1f);
        _y += 0.2f * Math.Clamp(action[1], -1f, 1f);
        return (-Math.Sqrt(_x * _x + _y * _y), false);
    }
}
