using System.Runtime.InteropServices;

namespace Itt.Environments.Box2D.Native;

/// <summary>
/// Every call into libittbox2d (native/box2d-shim), the C shim over Box2D 2.4. Bodies are addressed by the index
/// the shim returns when it creates them; negative results mean a bad index or argument.
/// </summary>
internal static partial class Box2DShim
{
    private const string Library = "ittbox2d";

    /// <summary>The shim ABI this code was written against (<c>itt_b2_abi_version</c>).</summary>
    public const int AbiVersion = 1;

    /// <summary>One line for the registry: why the Box2D tasks cannot run here, or null when they can.</summary>
    public static string? MissingDependency() => Availability.Value;

    private static readonly Lazy<string?> Availability = new(() =>
    {
        const string hint = "LunarLander needs Box2D 2.4 and the libittbox2d shim: install the Debian package libbox2d2 " +
                            "(in a source checkout, scripts/setup.sh installs libbox2d-dev and g++ and builds native/box2d-shim)";
        try
        {
            int version = AbiVersionOf();
            return version == AbiVersion ? null : $"{hint}; the loaded shim has ABI {version}, this build needs {AbiVersion}";
        }
        catch (DllNotFoundException) { return hint; }
        catch (EntryPointNotFoundException) { return hint; }
        catch (BadImageFormatException) { return hint; }
    });

    [LibraryImport(Library, EntryPoint = "itt_b2_abi_version")]
    private static partial int AbiVersionOf();

    [LibraryImport(Library, EntryPoint = "itt_b2_world_create")]
    public static partial WorldHandle WorldCreate(float gravityX, float gravityY, int allowSleep);

    [LibraryImport(Library, EntryPoint = "itt_b2_world_destroy")]
    public static partial void WorldDestroy(IntPtr world);

    [LibraryImport(Library, EntryPoint = "itt_b2_world_step")]
    public static partial void WorldStep(WorldHandle world, float dt, int velocityIterations, int positionIterations);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_create")]
    public static partial int BodyCreate(WorldHandle world, int type, float x, float y, float angle);

    [LibraryImport(Library, EntryPoint = "itt_b2_fixture_polygon")]
    public static partial int FixturePolygon(WorldHandle world, int body, ReadOnlySpan<float> xy, int count,
        float density, float friction, float restitution, ushort category, ushort mask);

    [LibraryImport(Library, EntryPoint = "itt_b2_fixture_edge")]
    public static partial int FixtureEdge(WorldHandle world, int body, float x1, float y1, float x2, float y2,
        float density, float friction, float restitution, ushort category, ushort mask);

    [LibraryImport(Library, EntryPoint = "itt_b2_revolute_joint_create")]
    public static partial int RevoluteJointCreate(WorldHandle world, int bodyA, int bodyB, in RevoluteJointDefinition definition);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_apply_linear_impulse")]
    public static partial void ApplyLinearImpulse(WorldHandle world, int body, float impulseX, float impulseY,
        float pointX, float pointY, int wake);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_apply_force_to_center")]
    public static partial void ApplyForceToCenter(WorldHandle world, int body, float forceX, float forceY, int wake);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_get_state")]
    public static partial int BodyGetState(WorldHandle world, int body, out BodyState state);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_set_state")]
    public static partial int BodySetState(WorldHandle world, int body, float x, float y, float angle,
        float velocityX, float velocityY, float angularVelocity);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_clear_touched")]
    public static partial void BodyClearTouched(WorldHandle world, int body);

    [LibraryImport(Library, EntryPoint = "itt_b2_body_get_mass")]
    public static partial int BodyGetMass(WorldHandle world, int body, out float mass, out float inertia,
        out float centerX, out float centerY);
}
