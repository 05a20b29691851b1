using System.Globalization;
using System.Text;
using System.Text.Json;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;

namespace Itt.Training.Runs;

/// <summary>Thrown for a run folder that is missing or not a run.</summary>
public sealed class RunFolderException(string message) : Exception(message);

/// <summary>
/// A run folder named <c>env__policy__seed__time</c> holding <c>config.json</c>, <c>metrics.csv</c> (one row per
/// iteration), <c>checkpoint.itt</c> and the learning-curve plot. A new run never reuses an existing folder.
/// </summary>
public sealed class RunFolder
{
    /// <summary>The CSV header of <c>metrics.csv</c>.</summary>
    public const string MetricsHeader = "iteration,env_steps,mean_return,max_return,eval_return,gradient_norm,seconds,elapsed_seconds";

    private RunFolder(string path) => Path = path;

    /// <summary>Folder path.</summary>
    public string Path { get; }

    /// <summary>Folder name.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The config as given at creation.</summary>
    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");

    /// <summary>Per-iteration metrics.</summary>
    public string MetricsPath => System.IO.Path.Combine(Path, "metrics.csv");

    /// <summary>The latest checkpoint.</summary>
    public string CheckpointPath => System.IO.Path.Combine(Path, "checkpoint.itt");

    /// <summary>Learning curve.</summary>
    public string CurvePath => System.IO.Path.Combine(Path, "learning-curve.png");

    /// <summary>Creates a fresh folder under <paramref name="root"/> and writes the config.</summary>
    public static RunFolder Create(string root, TrainingConfig config, DateTime utcNow)
    {
        string stem = $"{config.Environment}__{config.Policy.ToString().ToLowerInvariant()}__{config.Seed}__{utcNow:yyyyMMdd-HHmmss}";
        Directory.CreateDirectory(root);
        string path = System.IO.Path.Combine(root, stem);
        for (int suffix = 2; Directory.Exists(path); suffix++) path = System.IO.Path.Combine(root, $"{stem}-{suffix}");
        return Initialise(path, config);
    }

    /// <summary>
    /// Creates the folder <paramref name="name"/> under <paramref name="root"/> (a fixed, deterministic name, for sweeps
    /// that find their runs again). A folder of that name that holds a checkpoint is a run and is never overwritten;
    /// one without (left by a crash before the first checkpoint) is started afresh.
    /// </summary>
    public static RunFolder CreateNamed(string root, string name, TrainingConfig config)
    {
        string path = System.IO.Path.Combine(root, name);
        if (File.Exists(System.IO.Path.Combine(path, "checkpoint.itt")))
            throw new RunFolderException($"run folder already holds a run: {path}");
        return Initialise(path, config);
    }

    private static RunFolder Initialise(string path, TrainingConfig config)
    {
        Directory.CreateDirectory(path);
        var folder = new RunFolder(path);
        AtomicFile.WriteAllText(folder.ConfigPath, JsonSerializer.Serialize(config, Json.Options));
        File.WriteAllText(folder.MetricsPath, MetricsHeader + "\n");
        return folder;
    }

    /// <summary>Opens an existing run folder (it must hold a checkpoint).</summary>
    public static RunFolder Open(string path)
    {
        if (!Directory.Exists(path)) throw new RunFolderException($"run folder not found: {path}");
        var folder = new RunFolder(System.IO.Path.GetFullPath(path));
        if (!File.Exists(folder.CheckpointPath)) throw new RunFolderException($"no checkpoint in run folder: {path}");
        return folder;
    }

    /// <summary>Appends one metrics row; it reaches the disk by <see cref="SyncMetrics"/>, before the checkpoint that covers it.</summary>
    public void AppendMetrics(IterationMetrics m)
    {
        using var stream = new FileStream(MetricsPath, FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(FormatRow(m) + "\n"));
    }

    /// <summary>Flushes the rows appended so far to disk (rows past the checkpoint are dropped on resume anyway).</summary>
    public void SyncMetrics()
    {
        using var stream = new FileStream(MetricsPath, FileMode.Append, FileAccess.Write);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Drops rows past <paramref name="iteration"/> (left by a run killed between a row and its checkpoint).</summary>
    public void TruncateMetrics(int iteration)
    {
        var rows = ReadMetrics().Where(m => m.Iteration <= iteration).ToArray();
        AtomicFile.WriteAllText(MetricsPath, MetricsHeader + "\n" + string.Concat(rows.Select(r => FormatRow(r) + "\n")));
    }

    /// <summary>Reads every metrics row.</summary>
    public IReadOnlyList<IterationMetrics> ReadMetrics() => ReadMetrics(MetricsPath);

    /// <summary>Reads a metrics CSV.</summary>
    public static IReadOnlyList<IterationMetrics> ReadMetrics(string path)
    {
        if (!File.Exists(path)) return [];
        var rows = new List<IterationMetrics>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(',');
            if (f.Length != 8) continue; // a torn last line from a crash
            rows.Add(new IterationMetrics(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6]), D(f[7])));
        }
        return rows;

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }

    private static string FormatRow(IterationMetrics m) => string.Join(',',
        m.Iteration.ToString(CultureInfo.InvariantCulture), m.EnvironmentSteps.ToString(CultureInfo.InvariantCulture),
        F(m.MeanReturn), F(m.MaxReturn), F(m.EvaluationReturn), F(m.GradientNorm), F(m.Seconds), F(m.ElapsedSeconds));

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
