using System.Text.Json;
using Itt.Tests.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Library;

/// <summary>
/// Run folders written by older builds keep working: their configurations hash as before, their config.json reads and
/// writes back unchanged, and they continue bit for bit. Covers the fixtures from commit 801dcc6 and every run folder
/// committed under comparisons/.
/// </summary>
public class OldRunFolderTests
{
    private static string Fixtures => Path.Combine(Samples.RepositoryRoot(), "tests", "Itt.Tests", "Fixtures", "runs-801dcc6");

    private const string MuJoCoRun = "InvertedPendulum-v4__itt__1";

    public static TheoryData<string> FixtureRuns()
    {
        var data = new TheoryData<string>();
        foreach (var run in Directory.GetDirectories(Path.Combine(Fixtures, "2")).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            if (run != MuJoCoRun) data.Add(run!);
        return data;
    }

    private static string StoredHash(string checkpoint)
    {
        string text = File.ReadAllText(checkpoint);
        using var json = JsonDocument.Parse(text[(text.IndexOf('\n') + 1)..]);
        return json.RootElement.GetProperty("configHash").GetString()!;
    }

    /// <summary>The folder's config.json reads into the checkpoint's configuration, hashes to the stored hash and writes back byte for byte.</summary>
    private static void AssertConfigurationUnchanged(string folder)
    {
        string checkpoint = Path.Combine(folder, "checkpoint.itt");
        var (config, _) = Checkpoint.Load(checkpoint); // throws when the recomputed hash differs from the stored one
        Assert.Equal(StoredHash(checkpoint), config.Hash);
        string written = File.ReadAllText(Path.Combine(folder, "config.json"));
        var fromFile = JsonSerializer.Deserialize<TrainingConfig>(written, Json.Options)!;
        Assert.Equal(config.Hash, fromFile.Hash);
        Assert.Equal(written, JsonSerializer.Serialize(fromFile, Json.Options));
    }

    private static string CopyRun(string from, string root)
    {
        string to = Path.Combine(root, Path.GetFileName(from));
        Directory.CreateDirectory(to);
        // The run's files, not a lock a running campaign may hold on it.
        foreach (var file in Directory.GetFiles(from).Where(f => !Path.GetFileName(f).StartsWith('.')))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        return to;
    }

    [Theory]
    [MemberData(nameof(FixtureRuns))]
    public void AnOldRunKeepsItsHashAndContinuesToTheOldBuildsTheta(string run)
    {
        AssertConfigurationUnchanged(Path.Combine(Fixtures, "2", run));
        AssertConfigurationUnchanged(Path.Combine(Fixtures, "3", run));
        using var root = new TempFolder();
        string copy = CopyRun(Path.Combine(Fixtures, "2", run), root.Path);
        using (var session = TrainingSession.Resume(copy, c => c with { Iterations = 3 }))
            session.Run();
        var (_, resumed) = Checkpoint.Load(Path.Combine(copy, "checkpoint.itt"));
        var (_, expected) = Checkpoint.Load(Path.Combine(Fixtures, "3", run, "checkpoint.itt"));
        Assert.Equal(3, resumed.Iteration);
        Assert.Equal(expected.Theta.Select(BitConverter.DoubleToInt64Bits), resumed.Theta.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.OptimizerState.SelectMany(a => a).Select(BitConverter.DoubleToInt64Bits),
            resumed.OptimizerState.SelectMany(a => a).Select(BitConverter.DoubleToInt64Bits));
    }

    [MuJoCo.MuJoCoFact]
    public void AnOldMuJoCoRunKeepsItsHashAndContinuesToTheOldBuildsTheta() => AnOldRunKeepsItsHashAndContinuesToTheOldBuildsTheta(MuJoCoRun);

    [Fact]
    public void CommittedComparisonRunsKeepTheirHashesAndResume()
    {
        string comparisons = Path.Combine(Samples.RepositoryRoot(), "comparisons");
        var folders = Directory.Exists(comparisons)
            ? Directory.GetFiles(comparisons, "checkpoint.itt", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Order(StringComparer.Ordinal).ToArray()
            : [];
        var resumedKinds = new HashSet<string>(StringComparer.Ordinal);
        using var root = new TempFolder();
        foreach (var folder in folders)
        {
            AssertConfigurationUnchanged(folder!);
            var (config, state) = Checkpoint.Load(Path.Combine(folder!, "checkpoint.itt"));
            if (Itt.Environments.Registry.EnvironmentRegistry.Get(config.Environment).MissingDependency?.Invoke() is not null) continue;
            // One extra iteration from the checkpoint, of one run per (environment, architecture), and only where an iteration
            // took under a second when it was trained, keeps the test short however far the campaign has got.
            var metrics = RunFolder.ReadMetrics(Path.Combine(folder!, "metrics.csv"));
            if (metrics.Count == 0 || metrics[^1].Seconds > 1) continue;
            if (!resumedKinds.Add($"{config.Environment}/{Path.GetFileName(folder)!.Split("__")[1]}")) continue;
            string copy = CopyRun(folder!, root.Path);
            using var session = TrainingSession.Resume(copy, c => c with { Iterations = state.Iteration + 1, Threads = 2 });
            session.Run();
            Assert.Equal(state.Iteration + 1, session.Trainer.Iteration);
        }
        if (folders.Length > 0) Assert.NotEmpty(resumedKinds);
    }
}
