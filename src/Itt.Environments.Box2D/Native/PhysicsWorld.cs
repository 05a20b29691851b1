namespace Itt.Environments.Box2D.Native;

/// <summary>The kind of a Box2D body (values of <c>b2BodyType</c>).</summary>
internal enum BodyKind
{
    Static = 0,
    Kinematic = 1,
    Dynamic = 2,
}

/// <summary>Density, friction, restitution and collision filter of a fixture.</summary>
internal readonly record struct FixtureMaterial(float Density, float Friction, float Restitution, ushort Category, ushort Mask);

/// <summary>
/// A Box2D world through the shim: bodies are small integer ids, and every failed native call becomes an
/// exception here so that the environment code reads as physics. Geometry is handed over in f32, Box2D's precision.
/// </summary>
internal sealed class PhysicsWorld : IDisposable
{
    private readonly WorldHandle _handle;

    /// <summary>Creates an empty world with gravity (0, <paramref name="gravityY"/>) in which bodies may sleep.</summary>
    public PhysicsWorld(double gravityY)
    {
        _handle = Box2DShim.WorldCreate(0f, (float)gravityY, allowSleep: 1);
        if (_handle.IsInvalid) throw new OutOfMemoryException("the Box2D shim could not create a world");
    }

    /// <summary>Adds a body and returns its id.</summary>
    public int CreateBody(BodyKind kind, double x, double y, double angle)
        => Check(Box2DShim.BodyCreate(_handle, (int)kind, (float)x, (float)y, (float)angle), "create a body");

    /// <summary>Adds a convex polygon given as (x, y) pairs in the body frame.</summary>
    public void AddPolygon(int body, ReadOnlySpan<float> xy, FixtureMaterial m)
        => Check(Box2DShim.FixturePolygon(_handle, body, xy, xy.Length / 2, m.Density, m.Friction, m.Restitution, m.Category, m.Mask),
            "add a polygon fixture");

    /// <summary>Adds a two-sided edge from (x1, y1) to (x2, y2) in the body frame.</summary>
    public void AddEdge(int body, double x1, double y1, double x2, double y2, FixtureMaterial m)
        => Check(Box2DShim.FixtureEdge(_handle, body, (float)x1, (float)y1, (float)x2, (float)y2, m.Density, m.Friction,
            m.Restitution, m.Category, m.Mask), "add an edge fixture");

    /// <summary>Joins two bodies by a revolute joint whose anchors are used as given.</summary>
    public void AddRevoluteJoint(int bodyA, int bodyB, in RevoluteJointDefinition definition)
        => Check(Box2DShim.RevoluteJointCreate(_handle, bodyA, bodyB, definition), "create a revolute joint");

    /// <summary>Applies an impulse at a world point, waking the body.</summary>
    public void ApplyLinearImpulse(int body, double impulseX, double impulseY, double pointX, double pointY)
        => Box2DShim.ApplyLinearImpulse(_handle, body, (float)impulseX, (float)impulseY, (float)pointX, (float)pointY, wake: 1);

    /// <summary>Applies a force at the centre of mass for the next step, waking the body.</summary>
    public void ApplyForceToCenter(int body, double forceX, double forceY)
        => Box2DShim.ApplyForceToCenter(_handle, body, (float)forceX, (float)forceY, wake: 1);

    /// <summary>Advances the world by <paramref name="dt"/> seconds.</summary>
    public void Step(float dt, int velocityIterations, int positionIterations)
        => Box2DShim.WorldStep(_handle, dt, velocityIterations, positionIterations);

    /// <summary>Reads a body's pose, velocities, sleep state and contact flags.</summary>
    public BodyState Read(int body)
    {
        Check(Box2DShim.BodyGetState(_handle, body, out var state), "read a body");
        return state;
    }

    /// <summary>Teleports a body, sets its velocities (linear: of the centre of mass) and wakes it.</summary>
    public void Write(int body, double x, double y, double angle, double velocityX, double velocityY, double angularVelocity)
        => Check(Box2DShim.BodySetState(_handle, body, (float)x, (float)y, (float)angle, (float)velocityX, (float)velocityY,
            (float)angularVelocity), "write a body");

    /// <summary>Forgets that a body has touched something.</summary>
    public void ClearTouched(int body) => Box2DShim.BodyClearTouched(_handle, body);

    /// <summary>Mass, inertia about the centre of mass, and the centre of mass in the body frame, as Box2D computed them.</summary>
    public (float Mass, float Inertia, float CenterX, float CenterY) MassOf(int body)
    {
        Check(Box2DShim.BodyGetMass(_handle, body, out float mass, out float inertia, out float cx, out float cy), "read a body's mass");
        return (mass, inertia, cx, cy);
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static int Check(int result, string what)
        => result >= 0 ? result : throw new InvalidOperationException($"the Box2D shim failed to {what} (code {result})");
}
