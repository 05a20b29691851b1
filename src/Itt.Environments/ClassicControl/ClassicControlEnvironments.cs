using Itt.Environments.Registry;

namespace Itt.Environments.ClassicControl;

/// <summary>Registers the classic-control ids with Gymnasium's limits and thresholds.</summary>
public static class ClassicControlEnvironments
{
    /// <summary>Adds CartPole-v1, MountainCar-v0, MountainCarContinuous-v0, Acrobot-v1 and Pendulum-v1.</summary>
    public static void Register()
    {
        EnvironmentRegistry.Register(new("CartPole-v1", () => new CartPole(), 500, 475.0, "classic"));
        EnvironmentRegistry.Register(new("MountainCar-v0", () => new MountainCar(continuous: false), 200, -110.0, "classic"));
        EnvironmentRegistry.Register(new("MountainCarContinuous-v0", () => new MountainCar(continuous: true), 999, 90.0, "classic"));
        EnvironmentRegistry.Register(new("Acrobot-v1", () => new Acrobot(), 500, -100.0, "classic"));
        EnvironmentRegistry.Register(new("Pendulum-v1", () => new Pendulum(), 200, null, "classic"));
    }
}
