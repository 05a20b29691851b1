namespace Itt.Environments.Box2D.Lander;

/// <summary>The lander's constants (docs/environments.md 3.1), in metres unless named in pixels.</summary>
internal static class LanderConstants
{
    public const int Fps = 50;
    public const float TimeStep = 1f / Fps;
    public const int VelocityIterations = 180, PositionIterations = 60;

    /// <summary>Pixels per metre; every pixel constant is divided by it.</summary>
    public const double Scale = 30.0;
    public const double MainEnginePower = 13.0, SideEnginePower = 0.6;
    public const double InitialRandom = 1000.0;
    public const double LegAway = 20 / Scale, LegDown = 18 / Scale, LegHalfWidth = 2 / Scale, LegHalfHeight = 8 / Scale;
    public const double LegSpringTorque = 40;
    public const double SideEngineHeight = 14 / Scale, SideEngineAway = 12 / Scale, MainEngineYLocation = 4 / Scale;

    /// <summary>Horizontal lever of the side-engine impulse point (the spec's literal 17 px, kept beside the 14 px height).</summary>
    public const double SideEngineLever = 17 / Scale;

    public const double W = 600 / Scale, H = 400 / Scale;

    /// <summary>Terrain chunks; the heights draw has one more value (see <see cref="LanderTerrain"/>).</summary>
    public const int Chunks = 11;
    public const double HelipadX1 = 4 * W / (Chunks - 1), HelipadX2 = 6 * W / (Chunks - 1), HelipadY = H / 4;

    public const double MainFuelCost = 0.30, SideFuelCost = 0.03;
    public const double CrashReward = -100, RestReward = 100;

    /// <summary>Hull vertices in pixels, body frame.</summary>
    public static ReadOnlySpan<float> HullPixels => [-14, 17, -17, 0, -17, -10, 17, -10, 17, 0, 14, 17];

    public const ushort TerrainCategory = 0x0001, HullCategory = 0x0010, LegCategory = 0x0020;
}
