using System.Collections.Concurrent;
using System.Reflection;

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

/// <summary>
/// The process-wide table of environment ids, the convenient way to the built-in tasks (training also accepts any
/// factory of <see cref="Env"/>). Classic control is always present; every other family registers itself through an
/// <see cref="EnvironmentFamilyAttribute"/> on its assembly.
/// </summary>
public static class EnvironmentRegistry
{
    /// <summary>File-name prefix of the assemblies searched for families at the first lookup.</summary>
    public const string FamilyAssemblyPrefix = "Itt.Environments.";

    private static readonly ConcurrentDictionary<string, EnvironmentSpec> Specs = new(StringComparer.Ordinal);

    static EnvironmentRegistry()
    {
        ClassicControl.ClassicControlEnvironments.Register();
        RegisterFamilies();
    }

    /// <summary>
    /// Runs the registration of every environment family the application references. .NET loads an assembly only when
    /// one of its types is first used, so a module initializer in the MuJoCo assembly would not run in a program that
    /// only asks for "Hopper-v4"; instead the first lookup loads the application's <c>Itt.Environments.*</c> assemblies
    /// (and looks at those already loaded) and runs their <see cref="EnvironmentFamilyAttribute"/>s.
    /// </summary>
    private static void RegisterFamilies()
    {
        var assemblies = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            if (loaded.GetName().Name is string name) assemblies.TryAdd(name, loaded);
        foreach (var path in ApplicationAssemblyPaths())
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!name.StartsWith(FamilyAssemblyPrefix, StringComparison.Ordinal) || assemblies.ContainsKey(name)) continue;
            try { assemblies[name] = Assembly.Load(new AssemblyName(name)); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { } // not loadable here: its ids stay absent
        }
        foreach (var assembly in assemblies.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
        {
            if (assembly.IsDynamic) continue;
            foreach (var family in assembly.GetCustomAttributes<EnvironmentFamilyAttribute>()) family.Register();
        }
    }

    /// <summary>The assemblies the host resolves for this application (its dependency list), or the files beside it.</summary>
    private static IEnumerable<string> ApplicationAssemblyPaths()
        => AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list
            ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : Directory.EnumerateFiles(AppContext.BaseDirectory, FamilyAssemblyPrefix + "*.dll");

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
