using Itt.Environments.MuJoCo.DmControl;
using Itt.Environments.MuJoCo.Gym;
using Itt.Environments.MuJoCo.Native;
using Itt.Environments.Registry;

namespace Itt.Environments.MuJoCo;

/// <summary>Registers the Gymnasium MuJoCo v4 ids and the dm_control ids (docs/environments.md 1.3).</summary>
public static class MuJoCoEnvironments
{
    /// <summary>Returns null when libmujoco 2.2.2 is usable here, otherwise one line naming the package to install.</summary>
    public static string? MissingDependency() => MuJoCoLibrary.Unavailable;

    /// <summary>Adds every MuJoCo id with its step limit, threshold and family ("mujoco" or "dm_control").</summary>
    public static void Register()
    {
        Add("Hopper-v4", () => new Hopper(), 3800.0, "mujoco");
        Add("Walker2d-v4", () => new Walker2d(), null, "mujoco");
        Add("HalfCheetah-v4", () => new HalfCheetah(), 4800.0, "mujoco");
        Add("Swimmer-v4", () => new Swimmer(), 360.0, "mujoco");
        Add("InvertedPendulum-v4", () => new InvertedPendulum(), 950.0, "mujoco");
        Add("swimmer-swimmer6", () => new DmSwimmer(6), null, "dm_control");
        Add("swimmer-swimmer15", () => new DmSwimmer(15), null, "dm_control");
        Add("fish-swim", () => new DmFish(), null, "dm_control");
        Add("hopper-stand", () => new DmHopper(), null, "dm_control");
        Add("walker-walk", () => new DmWalker(), null, "dm_control");
    }

    private static void Add(string id, Func<Env> create, double? threshold, string family)
        => EnvironmentRegistry.Register(new(id, create, MaxEpisodeSteps: 1000, threshold, family, MissingDependency));
}
