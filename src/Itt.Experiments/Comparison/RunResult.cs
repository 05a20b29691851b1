using System.Text.Json;
using System.Text.Json.Serialization;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Experiments.Comparison;

/// <summary>
/// The outcome of one finished run of a comparison, stored as <c>results.json</c> in its run folder. Its presence marks
/// the run as finished for the budget it names. When a longer pass extends the run, the result moves to
/// <c>results-&lt;iterations&gt;.json</c> beside it (<see cref="Archive"/>): the final return θ had at that budget stays on record.
/// </summary>
/// <param name="Environment">Environment id.</param>
/// <param name="Architecture">Architecture name (see <see cref="ComparisonArchitecture"/>).</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Budget">The budget label the run was trained under (see <see cref="ComparisonBudget.Label"/>).</param>
/// <param name="Iterations">Iterations completed.</param>
/// <param name="EnvironmentSteps">Environment steps taken in training.</param>
/// <param name="WallClockSeconds">Training wall-clock seconds (summed over resumes; the final evaluation excluded).</param>
/// <param name="Parameters">D, the length of θ.</param>
/// <param name="FinalReturns">Returns of the final θ, one per evaluation episode.</param>
/// <param name="FinalMean">Mean of <paramref name="FinalReturns"/>: the run's final return.</param>
public sealed record RunResult(string Environment, string Architecture, ulong Seed, string Budget, int Iterations,
    long EnvironmentSteps, double WallClockSeconds, int Parameters, double[] FinalReturns, double FinalMean)
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = RunFolder.ResultsFileName;

    /// <summary>Training wall-clock seconds per iteration (derived, so not stored).</summary>
    [JsonIgnore]
    public double SecondsPerIteration => WallClockSeconds / Math.Max(1, Iterations);

    /// <summary>The file of a result kept from an earlier, shorter pass of <paramref name="iterations"/> iterations.</summary>
    public static string EarlierFileName(int iterations) => $"results-{iterations}.json";

    /// <summary>Writes the result atomically into <paramref name="runFolder"/>.</summary>
    public void Save(string runFolder) => AtomicFile.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(this, Json.Options));

    /// <summary>
    /// The result stored in <paramref name="runFolder"/>, or null when the run has none (not finished). A
    /// <c>results.json</c> that is not a comparison's (an <c>itt train</c> summary, a file cut short) is refused with
    /// a <see cref="RunFolderException"/> naming it, rather than read as a run with no architecture or budget.
    /// </summary>
    public static RunResult? Load(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>The results the run had at earlier, shorter budgets (<see cref="Archive"/>), fewest iterations first.</summary>
    public static IReadOnlyList<RunResult> LoadEarlier(string runFolder)
        => Directory.Exists(runFolder)
            ? Directory.GetFiles(runFolder, "results-*.json").Select(Read).OrderBy(r => r.Iterations).ToArray()
            : [];

    /// <summary>
    /// Keeps the result in <paramref name="runFolder"/> as an earlier budget's (<see cref="EarlierFileName"/>) before a
    /// longer pass resumes the run, which will write its own <c>results.json</c>; does nothing when there is none.
    /// </summary>
    public static void Archive(string runFolder)
    {
        if (Load(runFolder) is not { } earlier) return;
        File.Move(Path.Combine(runFolder, FileName), Path.Combine(runFolder, EarlierFileName(earlier.Iterations)), overwrite: true);
    }

    private static RunResult Read(string path)
    {
        RunResult? result;
        try { result = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json.Options); }
        catch (JsonException e) { throw new RunFolderException($"{path}: not a comparison run's result ({e.Message})"); }
        return result is { Environment: not null, Architecture: not null, Budget: not null, FinalReturns: not null }
            ? result
            : throw new RunFolderException($"{path}: not a comparison run's result (it names no environment, architecture, budget or final returns)");
    }

    /// <summary>
    /// Whether <paramref name="runFolder"/> holds a comparison run's result: its <c>results.json</c> names a budget, or it
    /// keeps an earlier budget's (a run a longer pass is extending).
    /// </summary>
    public static bool IsComparisonRun(string runFolder)
    {
        if (Directory.Exists(runFolder) && Directory.EnumerateFiles(runFolder, "results-*.json").Any()) return true;
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) return false;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("budget", out _);
        }
        catch (JsonException) { return false; }
    }
}
