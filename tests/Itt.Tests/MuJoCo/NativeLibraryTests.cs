using System.Diagnostics;
using Itt.Environments.MuJoCo;
using Itt.Environments.MuJoCo.Native;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>The binding itself: library version, load checks, and the generated struct offsets.</summary>
public sealed class NativeLibraryTests
{
    [MuJoCoFact]
    public void Library_reports_version_222_and_passes_the_load_checks()
    {
        Assert.Equal(222, MuJoCoNative.mj_version());
        Assert.Equal(MjHeader.Version, MuJoCoNative.mj_version());
        Assert.Null(MuJoCoLibrary.Unavailable);
        Assert.Null(MuJoCoEnvironments.MissingDependency());
    }

    [Fact]
    public void A_missing_library_is_reported_in_one_line_naming_the_package()
        => Assert.Equal("MuJoCo tasks need the Debian package libmujoco2.2.2 (apt-get install libmujoco2.2.2)",
            MuJoCoLibrary.Diagnose("libmujoco.so.0.0.0-not-installed"));

    /// <summary>Rebuilds tools/mujoco-offsets against the installed headers; the committed file must be identical.</summary>
    [MuJoCoHeadersFact]
    public void Generated_offsets_match_the_installed_headers()
    {
        string root = MuJoCoTestSupport.RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "tools/mujoco-offsets/generate.sh"), "--stdout"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string generated = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"generate.sh failed: {errors}");
        string committed = File.ReadAllText(Path.Combine(root, "src/Itt.Environments.MuJoCo/Native/MjOffsets.g.cs"));
        Assert.Equal(committed, generated);
    }

    /// <summary>Skipped (not passed) where there is nothing to regenerate from: no libmujoco-dev headers or no C compiler.</summary>
    private sealed class MuJoCoHeadersFactAttribute : FactAttribute
    {
        public MuJoCoHeadersFactAttribute()
        {
            if (!File.Exists("/usr/include/mujoco/mjxmacro.h")) Skip = "needs the MuJoCo headers (apt-get install libmujoco-dev)";
            else if (!CommandExists("cc")) Skip = "needs a C compiler (cc)";
        }
    }

    private static bool CommandExists(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));
}
