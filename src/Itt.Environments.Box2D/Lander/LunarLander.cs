using Itt.Core.Random;
using Itt.Environments.Box2D.Native;
using Itt.Environments.Spaces;
using static Itt.Environments.Box2D.Lander.LanderConstants;

namespace Itt.Environments.Box2D.Lander;

/// <summary>
/// LunarLander (Gymnasium's <c>LunarLander-v3</c> and <c>LunarLanderContinuous-v3</c>, docs/environments.md section 3):
/// bring a two-legged lander to rest on the pad between x = 8 and 12 m.
/// <para>Spaces: 8 observations (position, velocity, angle, angular velocity, two leg contacts, docs/environments.md 3.7 step 8);
/// continuous actions Box([−1, −1], [1, 1]) (main throttle, lateral), or Discrete(4): 0 none, 1 side engine of
/// direction −1, 2 main engine, 3 side engine of direction +1, each at full power.</para>
/// <para>Reward: change of the shaping potential −100·|position| − 100·|velocity| − 100·|angle| + 10 per leg in
/// contact, minus 0.3 × main and 0.03 × side throttle; −100 for a hull contact or |x observation| ≥ 1; +100 when
/// Box2D puts the lander to sleep (this overrides the −100).</para>
/// <para>Start: fresh world and terrain every reset (12 draws), lander at the top centre kicked by a random force
/// (2 draws), then one internal no-op step (2 draws) whose observation is returned; every step draws the two engine
/// dispersions whether or not an engine fires.</para>
/// <para>Engine: Box2D 2.4.1 through native/box2d-shim, in f32. The original runs Box2D 2.3 (docs/environments.md 8.1); this class
/// matches its constants, draw order and semantics, but 2.4's solver differs in details (restitution threshold,
/// polygon radius use, joint solver), so trajectories match the original only statistically, never step for step.
/// Randomness is <see cref="CounterRng"/>, not NumPy's PCG64, for the same reason.</para>
/// <para>Version 2 (<c>LunarLanderContinuous-v2</c>, docs/environments.md 3.12) differs only in its observation bounds and in
/// rounding the throttles to f32; its old world-reuse across resets is not reproduced (every reset builds a fresh world).
/// Gymnasium's optional wind and turbulence (off by default, and off in every registered id) are not implemented.</para>
/// </summary>
public sealed class LunarLander : Env
{
    // Masks make hull and legs collide with the terrain only (and never with each other).
    private static readonly FixtureMaterial BaseMaterial = new(0f, 0.2f, 0f, TerrainCategory, 0xFFFF);
    private static readonly FixtureMaterial SurfaceMaterial = new(0f, 0.1f, 0f, TerrainCategory, 0xFFFF);
    private static readonly FixtureMaterial HullMaterial = new(5f, 0.1f, 0f, HullCategory, TerrainCategory);
    private static readonly FixtureMaterial LegMaterial = new(1f, 0.2f, 0f, LegCategory, TerrainCategory);

    private readonly bool _continuous;
    private readonly bool _singlePrecisionThrottle;
    private readonly double _gravity;
    private readonly double[] _terrain = new double[Chunks];
    private readonly double[] _observation = new double[8];
    private PhysicsWorld? _world;
    private int _hull;
    private int _leg0, _leg1;
    private double _hullCenterX, _hullCenterY;
    private bool _gameOver;
    private double? _previousShaping;
    private LanderRewardBreakdown _last;

    /// <summary>Creates the core environment.</summary>
    /// <param name="continuous">Box actions (the Continuous ids) or Discrete(4).</param>
    /// <param name="version">3 (current) or 2 (continuous only: older bounds and f32 throttles).</param>
    /// <param name="gravity">Vertical gravity, −12 &lt; g &lt; 0.</param>
    public LunarLander(bool continuous = true, int version = 3, double gravity = -10.0)
        : base(ObservationSpaceOf(version), continuous ? new BoxSpace([-1f, -1f], [1f, 1f]) : new DiscreteSpace(4))
    {
        if (version is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(version), "LunarLander versions are 2 and 3.");
        if (version == 2 && !continuous) throw new ArgumentException("Only the continuous lander has a version 2 here.", nameof(version));
        if (!(gravity > -12.0 && gravity < 0.0)) throw new ArgumentOutOfRangeException(nameof(gravity), "gravity must lie in (−12, 0).");
        _continuous = continuous;
        _singlePrecisionThrottle = version == 2;
        _gravity = gravity;
    }

    private static BoxSpace ObservationSpaceOf(int version)
    {
        var bound = version == 2 ? new[] { 1.5f, 1.5f, 5f, 5f, MathF.PI, 5f } : [2.5f, 2.5f, 10f, 10f, 2 * MathF.PI, 10f];
        return new BoxSpace([.. bound.Select(b => -b), -0f, -0f], [.. bound, 1f, 1f]);
    }

    /// <summary>The smoothed terrain heights at x = 0, 2, …, 20 m (the pad spans indices 4–6).</summary>
    public IReadOnlyList<double> TerrainHeights => _terrain;

    /// <summary>Height of the pad's surface: 0.99 · H/4 = 3.3 m, because the smoothing averages three H/4 values with weight 0.33.</summary>
    public static double HelipadSurfaceY => 0.99 * HelipadY;

    /// <summary>The pad's horizontal extent (m).</summary>
    public static (double X1, double X2) Helipad => (HelipadX1, HelipadX2);

    /// <summary>The reward parts of the last step (including the internal step of a reset).</summary>
    public LanderRewardBreakdown LastReward => _last;

    /// <summary>The hull's state.</summary>
    public LanderBodyState Hull
    {
        get
        {
            var s = World.Read(_hull);
            return new(s.X, s.Y, s.Angle, s.VelocityX, s.VelocityY, s.AngularVelocity);
        }
    }

    /// <summary>The ground-contact flag of leg 0 (created with i = −1, observation 6) or leg 1 (observation 7).</summary>
    public bool LegContact(int leg) => World.Read(leg switch
    {
        0 => _leg0,
        1 => _leg1,
        _ => throw new ArgumentOutOfRangeException(nameof(leg)),
    }).Touching != 0;

    /// <summary>Whether Box2D still simulates the lander (false once it has been still for 0.5 s).</summary>
    public bool IsAwake => World.Read(_hull).Awake != 0;

    /// <summary>Mass (kg) and centre of mass (body frame) of the hull as Box2D computed them from the fixture.</summary>
    public (double Mass, double CenterX, double CenterY) HullMass
    {
        get
        {
            var m = World.MassOf(_hull);
            return (m.Mass, m.CenterX, m.CenterY);
        }
    }

    /// <summary>
    /// Moves the lander with its legs rigidly to <paramref name="state"/> (legs keep their pose relative to the hull
    /// and get the velocity of the hull's rigid motion), wakes it, clears the crash flag and takes the new state's
    /// shaping as the previous shaping, so the next reward is measured from here. Leg contacts update on the next step.
    /// </summary>
    public void SetHullState(LanderBodyState state)
    {
        var world = World;
        var hull = world.Read(_hull);
        double cos0 = Math.Cos(hull.Angle), sin0 = Math.Sin(hull.Angle);
        double cos1 = Math.Cos(state.Angle), sin1 = Math.Sin(state.Angle);
        double centerX = state.X + cos1 * _hullCenterX - sin1 * _hullCenterY;
        double centerY = state.Y + sin1 * _hullCenterX + cos1 * _hullCenterY;
        foreach (int leg in (ReadOnlySpan<int>)[_leg0, _leg1])
        {
            var s = world.Read(leg);
            // The leg's origin in the hull frame, carried to the new hull pose.
            double dx = s.X - hull.X, dy = s.Y - hull.Y;
            double localX = cos0 * dx + sin0 * dy, localY = -sin0 * dx + cos0 * dy;
            double x = state.X + cos1 * localX - sin1 * localY, y = state.Y + sin1 * localX + cos1 * localY;
            double vx = state.VelocityX - state.AngularVelocity * (y - centerY);
            double vy = state.VelocityY + state.AngularVelocity * (x - centerX);
            world.Write(leg, x, y, state.Angle + (s.Angle - hull.Angle), vx, vy, state.AngularVelocity);
        }
        world.Write(_hull, state.X, state.Y, state.Angle, state.VelocityX, state.VelocityY, state.AngularVelocity);
        world.ClearTouched(_hull);
        _gameOver = false;
        UpdateObservation();
        _previousShaping = Shaping(_observation);
        MarkStateSet();
    }

    /// <summary>The shaping potential of an observation (docs/environments.md 3.7 step 9).</summary>
    public static double Shaping(ReadOnlySpan<double> s)
        => -100 * Math.Sqrt(s[0] * s[0] + s[1] * s[1]) - 100 * Math.Sqrt(s[2] * s[2] + s[3] * s[3]) - 100 * Math.Abs(s[4])
           + 10 * s[6] + 10 * s[7];

    private PhysicsWorld World => _world ?? throw new InvalidOperationException("Reset the lander first: it has no world yet.");

    /// <inheritdoc />
    protected override void ResetCore(CounterRng random)
    {
        _world?.Dispose();
        var world = _world = new PhysicsWorld(_gravity);
        _gameOver = false;
        _previousShaping = null;

        LanderTerrain.Generate(random, _terrain);
        int moon = world.CreateBody(BodyKind.Static, 0, 0, 0);
        world.AddEdge(moon, 0, 0, W, 0, BaseMaterial);
        for (int i = 0; i < Chunks - 1; i++)
            world.AddEdge(moon, LanderTerrain.ChunkX(i), _terrain[i], LanderTerrain.ChunkX(i + 1), _terrain[i + 1], SurfaceMaterial);

        _hull = world.CreateBody(BodyKind.Dynamic, W / 2, H, 0);
        Span<float> hull = stackalloc float[HullPixels.Length];
        for (int i = 0; i < hull.Length; i++) hull[i] = (float)(HullPixels[i] / Scale);
        world.AddPolygon(_hull, hull, HullMaterial);
        (_, _, float cx, float cy) = world.MassOf(_hull);
        (_hullCenterX, _hullCenterY) = (cx, cy);
        double forceX = random.Uniform(-InitialRandom, InitialRandom);
        double forceY = random.Uniform(-InitialRandom, InitialRandom);
        world.ApplyForceToCenter(_hull, forceX, forceY);

        _leg0 = AddLeg(world, -1);
        _leg1 = AddLeg(world, +1);

        _last = Advance(0, 0, 0);
    }

    /// <summary>Adds the leg on side <paramref name="i"/> (−1 first, then +1) with its sprung, limited joint (docs/environments.md 3.5).</summary>
    private int AddLeg(PhysicsWorld world, int i)
    {
        int leg = world.CreateBody(BodyKind.Dynamic, W / 2 - i * LegAway, H, i * 0.05);
        float hw = (float)LegHalfWidth, hh = (float)LegHalfHeight;
        world.AddPolygon(leg, [-hw, -hh, hw, -hh, hw, hh, -hw, hh], LegMaterial);
        var joint = new RevoluteJointDefinition
        {
            AnchorBX = (float)(i * LegAway),
            AnchorBY = (float)LegDown,
            EnableMotor = 1,
            MaxMotorTorque = (float)LegSpringTorque,
            MotorSpeed = (float)(0.3 * i),
            EnableLimit = 1,
            LowerAngle = i == -1 ? 0.4f : -0.9f,
            UpperAngle = i == -1 ? 0.9f : -0.4f,
        };
        world.AddRevoluteJoint(_hull, leg, joint);
        return leg;
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
    {
        double main = 0, side = 0, direction = 0;
        if (_continuous)
        {
            double a0 = Math.Clamp((double)action[0], -1, 1), a1 = Math.Clamp((double)action[1], -1, 1);
            if (a0 > 0) main = (a0 + 1) * 0.5;
            if (Math.Abs(a1) > 0.5) (direction, side) = (Math.Sign(a1), Math.Clamp(Math.Abs(a1), 0.5, 1.0));
            if (_singlePrecisionThrottle) (main, side) = ((float)main, (float)side);
        }
        else
        {
            int a = (int)action[0];
            if (a == 2) main = 1;
            else if (a is 1 or 3) (direction, side) = (a - 2, 1);
        }
        _last = Advance(main, side, direction);
        return (_last.Reward, _last.Outcome != LanderOutcome.None);
    }

    /// <summary>Fires the engines (docs/environments.md 3.7 steps 3–6), steps the world and scores the new state.</summary>
    private LanderRewardBreakdown Advance(double mainPower, double sidePower, double direction)
    {
        var world = World;
        var hull = world.Read(_hull);
        double tipX = Math.Sin(hull.Angle), tipY = Math.Cos(hull.Angle);
        double sideX = -tipY, sideY = tipX;
        // Both dispersions are drawn every step, engines on or off, to keep the draw order of the original.
        double d0 = Random.Uniform(-1, 1) / Scale, d1 = Random.Uniform(-1, 1) / Scale;

        if (mainPower > 0)
        {
            double ox = tipX * (MainEngineYLocation + 2 * d0) + sideX * d1;
            double oy = -tipY * (MainEngineYLocation + 2 * d0) - sideY * d1;
            Thrust(world, ox, oy, MainEnginePower * mainPower, hull.X + ox, hull.Y + oy);
        }
        if (sidePower > 0)
        {
            double ox = tipX * d0 + sideX * (3 * d1 + direction * SideEngineAway);
            double oy = -tipY * d0 - sideY * (3 * d1 + direction * SideEngineAway);
            Thrust(world, ox, oy, SideEnginePower * sidePower, hull.X + ox - tipX * SideEngineLever, hull.Y + oy + tipY * SideEngineHeight);
        }

        world.Step(TimeStep, VelocityIterations, PositionIterations);
        var after = UpdateObservation();
        _gameOver |= after.Touched != 0;

        double shaping = Shaping(_observation);
        double delta = _previousShaping is double previous ? shaping - previous : 0;
        _previousShaping = shaping;

        var outcome = LanderOutcome.None;
        if (_gameOver) outcome = LanderOutcome.Crashed;
        else if (Math.Abs(_observation[0]) >= 1.0) outcome = LanderOutcome.OutOfBounds;
        if (after.Awake == 0) outcome = LanderOutcome.AtRest;
        return new(shaping, delta, MainFuelCost * mainPower, SideFuelCost * sidePower, outcome);
    }

    /// <summary>The exhaust leaves along (<paramref name="ox"/>, <paramref name="oy"/>); the hull gets the opposite impulse at the nozzle.</summary>
    private void Thrust(PhysicsWorld world, double ox, double oy, double strength, double nozzleX, double nozzleY)
        => world.ApplyLinearImpulse(_hull, -ox * strength, -oy * strength, nozzleX, nozzleY);

    /// <summary>Recomputes the observation (in f64 from Box2D's f32 state) and returns the hull as read.</summary>
    private BodyState UpdateObservation()
    {
        var world = World;
        var hull = world.Read(_hull);
        _observation[0] = (hull.X - W / 2) / (W / 2);
        _observation[1] = (hull.Y - (HelipadY + LegDown)) / (H / 2);
        _observation[2] = hull.VelocityX * (W / 2) / Fps;
        _observation[3] = hull.VelocityY * (H / 2) / Fps;
        _observation[4] = hull.Angle;
        _observation[5] = 20.0 * hull.AngularVelocity / Fps;
        _observation[6] = world.Read(_leg0).Touching != 0 ? 1 : 0;
        _observation[7] = world.Read(_leg1).Touching != 0 ? 1 : 0;
        return hull;
    }

    /// <inheritdoc />
    public override void Observe(Span<float> observation)
    {
        for (int i = 0; i < _observation.Length; i++) observation[i] = (float)_observation[i];
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _world?.Dispose();
        _world = null;
        base.Dispose();
    }
}
