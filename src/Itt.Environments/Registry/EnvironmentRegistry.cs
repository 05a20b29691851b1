using System.Collections.Concurrent;

namespace Itt.Environments.Registry;

/// <summary>A registered environment id (Gymnasium's <c>EnvSpec</c>).</summary>
/// <param name="Id">Versioned id, e.g. <c>CartPole-v1</c>.</param>
/// <param name="Create">Builds the core environment (without time limit).</param>
/// <param name="MaxEpisodeSteps">Time limit applied by <see cref="EnvironmentRegistry.Make"/>.</param>
/// <param name="RewardThreshold">Return regarded as solved (metadata only).</param>
/// <param name="Family">Group for listings: classic, mujoco, dm_control, box2d.</param>
/// <param name="MissingDependency">Returns why the environment cannot be made here (a missing native library), or null.</param>
public sealed record EnvironmentSpec(string Id, Func<Env> Create, int MaxEpisodeSteps, double? RewardThreshold,
    string Family, Func<string?>? MissingDependency = null);

/// <summary>Thrown when an environment needs a native library that is not installed.</summary>
public sealed class EnvironmentUnavailableException(string message) : Exception(message);

/// <summary>The process-wide table of environment ids. Classic control is always present; native families register themselves.</summary>
public static class EnvironmentRegistry
{
    private static readonly ConcurrentDictionary<string, EnvironmentSpec> Specs = new(StringComparer.Ordinal);

    static EnvironmentRegistry() => ClassicControl.ClassicControlEnvironments.Register();

    /// <summary>Adds or replaces a spec.</summary>
    public static void Register(EnvironmentSpec spec) => Specs[spec.Id] = spec;

    /// <summary>All registered ids, sorted.</summary>
    public static IReadOnlyList<string> Ids => Specs.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Looks up a spec.</summary>
    public static bool TryGet(string id, out EnvironmentSpec spec) => Specs.TryGetValue(id, out spec!);

    /// <summary>Returns the spec of <paramref name="id"/> or throws <see cref="KeyNotFoundException"/> with the known ids.</summary>
    public static EnvironmentSpec Get(string id)
        => TryGet(id, out var spec) ? spec
            : throw new KeyNotFoundException($"unknown environment '{id}' (known: {string.Join(", ", Ids)})");

    /// <summary>Makes the environment with its time limit.</summary>
    public static Env Make(string id)
    {
        var spec = Get(id);
        if (spec.MissingDependency?.Invoke() is string missing) throw new EnvironmentUnavailableException(missing);
        var env = spec.Create();
        env.MaxEpisodeSteps = spec.MaxEpisodeSteps;
        return env;
    }
}
