namespace Itt.Experiments.Catalog;

/// <summary>
/// Registers every environment family this build knows. Classic control registers itself; the native families
/// (MuJoCo, Box2D) are added here so that a process that calls this once can make any id.
/// </summary>
public static class EnvironmentCatalog
{
    private static int _registered;

    /// <summary>Registers all families (idempotent, thread-safe).</summary>
    public static void RegisterAll()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        _ = Itt.Environments.Registry.EnvironmentRegistry.Ids; // classic control
        Itt.Environments.Box2D.Box2DEnvironments.Register();
        Itt.Environments.MuJoCo.MuJoCoEnvironments.Register();
    }
}
