using Itt.Environments.Box2D.Lander;
using Itt.Environments.Box2D.Native;
using Itt.Environments.Registry;

namespace Itt.Environments.Box2D;

/// <summary>Registers the Box2D ids; each reports the missing shim in one line instead of failing at load time.</summary>
public static class Box2DEnvironments
{
    /// <summary>Why the Box2D tasks cannot run here (the shim is missing or of another ABI), or null when they can.</summary>
    public static string? MissingDependency() => Box2DShim.MissingDependency();

    /// <summary>Adds LunarLanderContinuous-v3, LunarLander-v3 and the retired LunarLanderContinuous-v2 (1000 steps, threshold 200).</summary>
    public static void Register()
    {
        EnvironmentRegistry.Register(new("LunarLanderContinuous-v3", () => new LunarLander(continuous: true), 1000, 200, "box2d",
            Box2DShim.MissingDependency));
        EnvironmentRegistry.Register(new("LunarLander-v3", () => new LunarLander(continuous: false), 1000, 200, "box2d",
            Box2DShim.MissingDependency));
        EnvironmentRegistry.Register(new("LunarLanderContinuous-v2", () => new LunarLander(continuous: true, version: 2), 1000, 200,
            "box2d", Box2DShim.MissingDependency));
    }
}
