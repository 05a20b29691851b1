using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Training;

/// <summary>
/// <see cref="RunFolder.CreateNamed"/> (the fixed folder names of comparisons) replaces only a folder that holds nothing
/// of a run, and never one that a live process holds.
/// </summary>
public class NamedRunFolderTests
{
    private static readonly TrainingConfig Config = new() { Environment = "CartPole-v1", Iterations = 1, Seed = 1 };

    [Theory]
    [InlineData("results.json", "{}")]
    [InlineData("metrics.csv", "iteration,env_steps\n1,200\n")]
    [InlineData("checkpoint.itt", "x")]
    public void AFolderHoldingAnythingOfARunIsNotReplaced(string file, string content)
    {
        using var root = new TempFolder();
        string folder = Path.Combine(root.Path, "CartPole-v1__itt__1");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, file), content);
        var e = Assert.Throws<RunFolderException>(() => TrainingSession.StartNamed(Config, root.Path, "CartPole-v1__itt__1"));
        Assert.Equal($"run folder already holds a run: {folder}", e.Message);
        Assert.Equal(content, File.ReadAllText(Path.Combine(folder, file)));
    }

    [Fact]
    public void AFolderALiveProcessHoldsIsNotReplaced()
    {
        using var root = new TempFolder();
        string folder = Path.Combine(root.Path, "CartPole-v1__itt__1");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), "iteration,env_steps\n");
        using (new FileStream(Path.Combine(folder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)) // as RunFolder.Lock
        {
            var e = Assert.Throws<RunFolderException>(() => TrainingSession.StartNamed(Config, root.Path, "CartPole-v1__itt__1"));
            Assert.Equal($"run folder is in use by another itt process: {folder}", e.Message);
            Assert.True(File.Exists(Path.Combine(folder, "metrics.csv")));
        }
        // Released, and holding only a header: a folder an older version left before its first checkpoint, replaced.
        using var session = TrainingSession.StartNamed(Config, root.Path, "CartPole-v1__itt__1");
        Assert.True(File.Exists(Path.Combine(folder, "checkpoint.itt")));
    }
}
