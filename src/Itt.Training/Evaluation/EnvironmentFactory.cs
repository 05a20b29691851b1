using Itt.Environments;
using Itt.Environments.Registry;
using Itt.Training.Configuration;

namespace Itt.Training.Evaluation;

/// <summary>Where training gets its environments when the caller brings none: the registry, by the configuration's id.</summary>
public static class EnvironmentFactory
{
    /// <summary>A factory making the registered environment of <paramref name="config"/> (with its time limit).</summary>
    public static Func<Env> For(TrainingConfig config)
    {
        string id = config.Environment;
        return () => EnvironmentRegistry.Make(id);
    }
}
