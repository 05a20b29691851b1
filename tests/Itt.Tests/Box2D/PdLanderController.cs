namespace Itt.Tests.Box2D;

/// <summary>
/// A lander controller derived from the engine geometry, used as a known-good policy in tests. Main engine: holds a
/// descent speed that shrinks with height. Side engines: the +1 engine pushes toward +x and turns the hull clockwise,
/// so tilting toward a target angle that leans against the horizontal offset and drift steers the main thrust back
/// over the pad. With a leg down it only levels the hull and lets the lander settle.
/// </summary>
internal sealed class PdLanderController(PdLanderController.Gains gains)
{
    /// <summary>Gains, all in observation units.</summary>
    public sealed record Gains(
        double TiltPerOffset = 0.5, double TiltPerDrift = 1.0, double MaxTilt = 0.4,
        double TurnStiffness = 10, double TurnDamping = 10,
        double DescentPerHeight = 0.3, double MinDescent = 0.03, double ThrottleGain = 12);

    public PdLanderController() : this(new Gains()) { }

    /// <summary>Continuous action (main, lateral) for observation <paramref name="s"/>.</summary>
    public void Act(ReadOnlySpan<float> s, Span<float> action)
    {
        double x = s[0], height = s[1], vx = s[2], vy = s[3], angle = s[4], spin = s[5];
        bool touching = s[6] > 0 || s[7] > 0;
        double targetTilt = touching ? 0 : Math.Clamp(gains.TiltPerOffset * x + gains.TiltPerDrift * vx, -gains.MaxTilt, gains.MaxTilt);
        // Positive lateral turns clockwise (decreases the angle), hence the sign.
        double lateral = -gains.TurnStiffness * (targetTilt - angle) + gains.TurnDamping * spin;
        double targetVy = -(gains.DescentPerHeight * Math.Max(height, 0) + gains.MinDescent);
        double main = touching ? -1 : gains.ThrottleGain * (targetVy - vy);
        action[0] = (float)Math.Clamp(main, -1, 1);
        action[1] = (float)Math.Clamp(lateral, -1, 1);
    }

    /// <summary>Discrete action (0 none, 1 side −1, 2 main, 3 side +1) from the continuous decision.</summary>
    public int ActDiscrete(ReadOnlySpan<float> s)
    {
        Span<float> a = stackalloc float[2];
        Act(s, a);
        if (a[0] > 0.2f) return 2;
        if (a[1] > 0.5f) return 3;
        if (a[1] < -0.5f) return 1;
        return 0;
    }
}
