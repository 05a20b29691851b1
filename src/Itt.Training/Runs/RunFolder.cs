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
/// iteration), <c>checkpoint.itt</c>, <c>machines.csv</c> (which machine trained which iterations) and the learning-curve
/// plot. A new run never reuses an existing folder.
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

    /// <summary>Which machine trained which iterations (<see cref="RecordMachine"/>).</summary>
    public string MachinesPath => System.IO.Path.Combine(Path, "machines.csv");

    /// <summary>The CSV header of <c>machines.csv</c>.</summary>
    public const string MachinesHeader = "from_iteration,machine";

    /// <summary>The run's final summary (<c>itt train</c>'s or a comparison's).</summary>
    public string ResultsPath => System.IO.Path.Combine(Path, ResultsFileName);

    /// <summary>The file name of <see cref="ResultsPath"/>.</summary>
    public const string ResultsFileName = "results.json";

    /// <summary>Learning curve.</summary>
    public string CurvePath => System.IO.Path.Combine(Path, "learning-curve.png");

    /// <summary>The lock file a writing process holds (see <see cref="Lock"/>).</summary>
    public string LockPath => System.IO.Path.Combine(Path, ".lock");

    /// <summary>
    /// Creates a fresh folder under <paramref name="root"/> holding the config, the metrics header and the checkpoint of
    /// <paramref name="initial"/>, locked for the caller. The folder is assembled under a hidden name and renamed into
    /// place, so a process killed at any moment leaves either no run folder or one that resumes.
    /// </summary>
    public static (RunFolder Folder, IDisposable Lock) Create(string root, TrainingConfig config, TrainingState initial, DateTime utcNow)
    {
        string stem = $"{config.Environment}__{config.Policy.ToString().ToLowerInvariant()}__{config.Seed}__{utcNow:yyyyMMdd-HHmmss}";
        return Guarded(root, () =>
        {
            Directory.CreateDirectory(root);
            for (int suffix = 1; ; suffix++)
            {
                string path = System.IO.Path.Combine(root, suffix == 1 ? stem : $"{stem}-{suffix}");
                if (Directory.Exists(path)) continue;
                if (Assemble(root, path, config, initial) is { } made) return made;
            }
        });
    }

    /// <summary>
    /// Creates the folder <paramref name="name"/> under <paramref name="root"/> (a fixed, deterministic name, for sweeps
    /// that find their runs again), assembled like <see cref="Create"/>. A folder of that name that holds a checkpoint is
    /// a run and is never overwritten, nor is one that holds a result or metric rows, or that a live process has locked;
    /// one with none of these (left by a version that created folders before their first checkpoint) is replaced.
    /// </summary>
    public static (RunFolder Folder, IDisposable Lock) CreateNamed(string root, string name, TrainingConfig config, TrainingState initial)
    {
        string path = System.IO.Path.Combine(root, name);
        if (HoldsARun(path)) throw new RunFolderException($"run folder already holds a run: {path}");
        return Guarded(root, () =>
        {
            Directory.CreateDirectory(root);
            if (Directory.Exists(path))
            {
                using (new RunFolder(path).Lock()) // throws where another process holds the folder
                    if (HoldsARun(path)) throw new RunFolderException($"run folder already holds a run: {path}");
                Directory.Delete(path, recursive: true);
            }
            return Assemble(root, path, config, initial) ?? throw new RunFolderException($"run folder appeared while it was being created: {path}");
        });
    }

    // A checkpoint, a result, or metric rows beyond the header: something of a run that a new one must not replace.
    private static bool HoldsARun(string path)
    {
        var folder = At(path);
        return File.Exists(folder.CheckpointPath) || File.Exists(folder.ResultsPath)
            || (File.Exists(folder.MetricsPath) && File.ReadLines(folder.MetricsPath).Skip(1).Any());
    }

    /// <summary>Writes the run's files into a hidden folder, then renames it to <paramref name="path"/>; null when that name was taken meanwhile.</summary>
    private static (RunFolder, IDisposable)? Assemble(string root, string path, TrainingConfig config, TrainingState initial)
    {
        string staging = System.IO.Path.Combine(root, $".creating-{System.IO.Path.GetFileName(path)}-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var draft = new RunFolder(staging);
        var held = draft.Lock();
        try
        {
            AtomicFile.WriteAllText(draft.ConfigPath, JsonSerializer.Serialize(config, Json.Options));
            AtomicFile.WriteAllText(draft.MetricsPath, MetricsHeader + "\n");
            Checkpoint.Save(draft.CheckpointPath, config, initial);
            try { Directory.Move(staging, path); }
            catch (IOException) when (Directory.Exists(path))
            {
                held.Dispose();
                Directory.Delete(staging, recursive: true);
                return null;
            }
            return (new RunFolder(System.IO.Path.GetFullPath(path)), held); // the lock's open handle follows the rename
        }
        catch
        {
            held.Dispose();
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>Maps a failure to create anything under <paramref name="root"/> to one line naming the folder.</summary>
    private static T Guarded<T>(string root, Func<T> create)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new RunFolderException("the runs folder path is empty");
        try { return create(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RunFolderException($"cannot create a run folder under '{root}' ({Reason(e)})");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "a parent folder is missing or cannot hold folders",
        PathTooLongException => "the path is too long",
        IOException io when io.HResult == 28 || io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "no space left on the device",
        _ => e.Message,
    };

    /// <summary>
    /// The file paths of the folder at <paramref name="path"/>, which may not hold a run (yet): nothing is checked, so
    /// readers can ask whether its files exist. <see cref="Open"/> is for a folder that must be a run.
    /// </summary>
    public static RunFolder At(string path) => new(path);

    /// <summary>Opens an existing run folder (it must hold a checkpoint).</summary>
    public static RunFolder Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new RunFolderException("the run folder path is empty");
        if (!Directory.Exists(path)) throw new RunFolderException($"run folder not found: {path}");
        var folder = new RunFolder(System.IO.Path.GetFullPath(path));
        if (!File.Exists(folder.CheckpointPath)) throw new RunFolderException($"no checkpoint in run folder: {path}");
        return folder;
    }

    /// <summary>
    /// Takes the folder's exclusive lock for as long as the returned handle lives: one process at a time writes a run.
    /// The lock is the operating system's (flock), so it goes away with a killed process.
    /// </summary>
    public IDisposable Lock()
    {
        try
        {
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new RunFolderException($"run folder is in use by another itt process: {Path}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new RunFolderException($"cannot lock run folder (permission denied): {Path}");
        }
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

    /// <summary>
    /// Records that <paramref name="machine"/> (a <see cref="MachineDescription"/>, without commas) trains the run from
    /// iteration <paramref name="nextIteration"/> on. Entries from that iteration on are dropped first (their rows were
    /// lost with a killed process and are trained again), and nothing is added while the machine is the one already
    /// recorded, so a run trained on one machine has one line however often it was resumed.
    /// </summary>
    public void RecordMachine(int nextIteration, string machine)
    {
        if (machine.Contains(',') || machine.Contains('\n')) throw new ArgumentException("A machine description holds no commas or line ends.", nameof(machine));
        var kept = ReadMachines(MachinesPath).Where(m => m.FromIteration < nextIteration).ToList();
        if (kept.Count == 0 || kept[^1].Machine != machine) kept.Add(new MachineSpan(nextIteration, machine));
        AtomicFile.WriteAllText(MachinesPath, MachinesHeader + "\n" + string.Concat(kept.Select(m =>
            m.FromIteration.ToString(CultureInfo.InvariantCulture) + "," + m.Machine + "\n")));
    }

    /// <summary>
    /// Reads <c>machines.csv</c>, in order of iteration; empty where the file is absent (runs from before it existed).
    /// Iterations before the first entry were trained on a machine that was not recorded.
    /// </summary>
    public static IReadOnlyList<MachineSpan> ReadMachines(string path)
    {
        if (!File.Exists(path)) return [];
        var spans = new List<MachineSpan>();
        var lines = File.ReadAllLines(path);
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (string.IsNullOrWhiteSpace(line)) continue;
            int comma = line.IndexOf(',');
            if (comma < 0 || !int.TryParse(line.AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out int from) || from < 1
                || (spans.Count > 0 && from <= spans[^1].FromIteration))
                throw new RunFolderException($"machines.csv line {i + 1} is malformed: {path}");
            spans.Add(new MachineSpan(from, line[(comma + 1)..]));
        }
        return spans;
    }

    /// <summary>Reads every metrics row.</summary>
    public IReadOnlyList<IterationMetrics> ReadMetrics() => ReadMetrics(MetricsPath);

    /// <summary>
    /// Reads a metrics CSV. A last row cut short by a crash (no line end, or fields missing) is dropped, so the resumed
    /// run recomputes it; a malformed row anywhere else is reported.
    /// </summary>
    public static IReadOnlyList<IterationMetrics> ReadMetrics(string path)
    {
        if (!File.Exists(path)) return [];
        string text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var rows = new List<IterationMetrics>();
        // The element after the last '\n' is empty for a complete file and the torn remainder otherwise.
        for (int i = 1; i < lines.Length - 1; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            if (Parse(lines[i]) is { } row) rows.Add(row);
            else if (i == lines.Length - 2 && !lines[^1].Any(c => !char.IsWhiteSpace(c))) break; // a torn last row whose line end made it to disk
            else throw new RunFolderException($"metrics.csv line {i + 1} is malformed: {path}");
        }
        return rows;
    }

    private static IterationMetrics? Parse(string line)
    {
        var f = line.Split(',');
        if (f.Length != 8 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int iteration)
            || !long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long steps)) return null;
        var d = new double[6];
        for (int k = 0; k < 6; k++)
            if (!double.TryParse(f[k + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out d[k])) return null;
        return new IterationMetrics(iteration, steps, d[0], d[1], d[2], d[3], d[4], d[5]);
    }

    private static string FormatRow(IterationMetrics m) => string.Join(',',
        m.Iteration.ToString(CultureInfo.InvariantCulture), m.EnvironmentSteps.ToString(CultureInfo.InvariantCulture),
        F(m.MeanReturn), F(m.MaxReturn), F(m.EvaluationReturn), F(m.GradientNorm), F(m.Seconds), F(m.ElapsedSeconds));

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A line of <c>machines.csv</c>: <paramref name="Machine"/> trained the run from <paramref name="FromIteration"/> on.</summary>
/// <param name="FromIteration">The first iteration it trained (1-based).</param>
/// <param name="Machine">Its <see cref="MachineDescription"/>.</param>
public sealed record MachineSpan(int FromIteration, string Machine)
{
    /// <summary>
    /// The machines that trained iterations 1 … <paramref name="iterations"/> of a run whose <c>machines.csv</c> is
    /// <paramref name="spans"/>, each once, in order; null stands for iterations trained before any was recorded.
    /// </summary>
    public static IReadOnlyList<string?> Covering(IReadOnlyList<MachineSpan> spans, int iterations)
    {
        var machines = new List<string?>();
        if (iterations >= 1 && (spans.Count == 0 || spans[0].FromIteration > 1)) machines.Add(null);
        foreach (var span in spans.Where(s => s.FromIteration <= iterations))
            if (!machines.Contains(span.Machine)) machines.Add(span.Machine);
        return machines;
    }
}
