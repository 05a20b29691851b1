using System.Diagnostics;

namespace Itt.Tests.Library;

/// <summary>Runs the programs under <c>samples/</c> (built with this test project, see its project references) as separate processes.</summary>
internal static class Samples
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Itt.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Itt.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs sample <paramref name="name"/> with <paramref name="args"/>; returns its exit code and output.</summary>
    public static (int Code, string Output, string Error) Run(string name, params string[] args)
    {
        string dll = Path.Combine(RepositoryRoot(), "samples", name, "bin", Configuration, "net10.0", name + ".dll");
        Assert.True(File.Exists(dll), $"sample not built: {dll}");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet, [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
