using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using Itt.Core.Numerics;
using Itt.Environments;
using Itt.Environments.Registry;
using Itt.Policies;
using Itt.Training.Evaluation;

namespace Itt.Cluster.Work;

/// <summary>
/// The code a run's rollouts depend on, in one line: the version, source revision included, of each of our assemblies
/// that computes a rollout (numerics, environments, policies, the rollout rule, and the family of the run's environment)
/// and the .NET runtime. θ equals a local run's only when every silo computes rollouts with the same code, so a worker
/// refuses the chunks of a trainer that names another build instead of answering with values silently different.
/// </summary>
/// <remarks>
/// The revision is the commit a build was made from (the SDK writes it into each assembly's informational version);
/// uncommitted changes do not show in it. Native libraries (MuJoCo, the Box2D shim) and the C library's mathematics
/// are not part of it.
/// </remarks>
public static class BuildIdentity
{
    private const string Separator = "; ";
    private static readonly ConcurrentDictionary<string, string> Identities = new(StringComparer.Ordinal);

    /// <summary>This process's build for rollouts of <paramref name="environment"/>, e.g. <c>Itt.Core 0.1.0+6dfbbad…; …; .NET 10.0.0 linux-x64</c>.</summary>
    public static string For(string environment) => Identities.GetOrAdd(environment, Describe);

    /// <summary>The first part in which <paramref name="theirs"/> differs from <paramref name="ours"/>, for a one-line message.</summary>
    public static (string Ours, string Theirs) FirstDifference(string ours, string theirs)
    {
        var a = ours.Split(Separator);
        var b = theirs.Split(Separator);
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(nothing)", y = i < b.Length ? b[i] : "(nothing)";
            if (x != y) return (x, y);
        }
        return (ours, theirs);
    }

    private static string Describe(string environment)
    {
        var assemblies = new List<Assembly> { typeof(Kernels).Assembly, typeof(Env).Assembly, typeof(PolicyArchitecture).Assembly, typeof(JobRunner).Assembly };
        if (EnvironmentRegistry.TryGet(environment, out var spec) && spec.Create.Method.DeclaringType?.Assembly is Assembly family)
            assemblies.Add(family);
        var parts = assemblies.Distinct().OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .Select(a => $"{a.GetName().Name} {Version(a)}")
            .Append($"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}");
        return string.Join(Separator, parts);
    }

    private static string Version(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
           ?? assembly.GetName().Version?.ToString() ?? "unversioned";
}

/// <summary>Thrown by a worker for a chunk whose trainer runs another build (<see cref="BuildIdentity"/>); the trainer then sends that worker no more work.</summary>
[GenerateSerializer]
public sealed class WorkerBuildMismatchException : Exception
{
    /// <summary>For the serializer.</summary>
    public WorkerBuildMismatchException() { }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public WorkerBuildMismatchException(string message) : base(message) { }
}
