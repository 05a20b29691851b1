using Itt.Environments.MuJoCo;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>A fact that is skipped (not failed) where libmujoco 2.2.2 is not installed.</summary>
public sealed class MuJoCoFactAttribute : FactAttribute
{
    public MuJoCoFactAttribute()
    {
        if (MuJoCoEnvironments.MissingDependency() is string why) Skip = why;
    }
}

/// <summary>A theory that is skipped (not failed) where libmujoco 2.2.2 is not installed.</summary>
public sealed class MuJoCoTheoryAttribute : TheoryAttribute
{
    public MuJoCoTheoryAttribute()
    {
        if (MuJoCoEnvironments.MissingDependency() is string why) Skip = why;
    }
}

/// <summary>Helpers shared by the MuJoCo task tests.</summary>
internal static class MuJoCoTestSupport
{
    public static global::Itt.Environments.Env Make(string id)
    {
        return global::Itt.Environments.Registry.EnvironmentRegistry.Make(id);
    }

    /// <summary>A deterministic, varied action sequence (some components outside the box on purpose).</summary>
    public static void FillAction(Span<float> action, int step, float scale = 1f)
    {
        for (int i = 0; i < action.Length; i++) action[i] = scale * MathF.Sin(0.37f * step + 1.3f * i);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Itt.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Itt.slnx) not found above the test binaries");
    }
}
