using Itt.Environments;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;

namespace Itt.Training.Runs;

/// <summary>Thrown when a resume asks for a configuration other than the run's.</summary>
public sealed class ConfigurationMismatchException(string message) : Exception(message);

/// <summary>
/// A trainer attached to a run folder: each iteration appends its metrics row, then checkpoints atomically,
/// so a run killed at any moment resumes from its last checkpoint and ends bit-identical to an uninterrupted one.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private TrainingSession(RunFolder folder, EsTrainer trainer)
    {
        Folder = folder;
        Trainer = trainer;
    }

    /// <summary>The run folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>The trainer.</summary>
    public EsTrainer Trainer { get; }

    /// <summary>The run's configuration.</summary>
    public TrainingConfig Config => Trainer.Config;

    /// <summary>
    /// Starts a new run in a fresh folder under <paramref name="runsRoot"/>, in environments made by
    /// <paramref name="environments"/> (null: the registry's, by the configuration's id).
    /// </summary>
    public static TrainingSession Start(TrainingConfig config, string runsRoot, IEvaluator? evaluator = null, Func<Env>? environments = null)
    {
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        var trainer = new EsTrainer(config, evaluator, environments: environments); // fails before any folder is made if the env is unknown
        return new TrainingSession(RunFolder.Create(runsRoot, config, DateTime.UtcNow), trainer);
    }

    /// <summary>Starts a new run in the folder <paramref name="runsRoot"/>/<paramref name="folderName"/> (see <see cref="RunFolder.CreateNamed"/>).</summary>
    public static TrainingSession StartNamed(TrainingConfig config, string runsRoot, string folderName, IEvaluator? evaluator = null,
        Func<Env>? environments = null)
    {
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        var trainer = new EsTrainer(config, evaluator, environments: environments);
        try
        {
            return new TrainingSession(RunFolder.CreateNamed(runsRoot, folderName, config), trainer);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Resumes the run in <paramref name="runPath"/>. <paramref name="requested"/>, when given, must equal the run's
    /// configuration except for iterations, threads and checkpoint interval. A run of an environment outside the registry
    /// needs its factory again as <paramref name="environments"/>.
    /// </summary>
    public static TrainingSession Resume(string runPath, Func<TrainingConfig, TrainingConfig>? requested = null, IEvaluator? evaluator = null,
        Func<Env>? environments = null)
    {
        var folder = RunFolder.Open(runPath);
        var (stored, state) = Checkpoint.Load(folder.CheckpointPath);
        var config = requested?.Invoke(stored) ?? stored;
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        var differences = config.DifferencesFrom(stored);
        if (differences.Count > 0)
            throw new ConfigurationMismatchException($"cannot resume {folder.Name} with a different configuration ({string.Join("; ", differences)})");
        var trainer = new EsTrainer(config, evaluator, state, environments);
        folder.TruncateMetrics(state.Iteration);
        return new TrainingSession(folder, trainer);
    }

    /// <summary>
    /// Trains up to the configured iteration count, reporting each iteration. An iteration that fails (a
    /// <see cref="NonFiniteException"/>, a lost cluster) throws before its metrics row and checkpoint are written, so the
    /// folder keeps the last good iteration.
    /// </summary>
    public void Run(Action<IterationMetrics>? onIteration = null, CancellationToken cancellation = default)
    {
        int saved = File.Exists(Folder.CheckpointPath) ? Trainer.Iteration : -1;
        if (saved < 0) saved = Save();
        while (Trainer.Iteration < Config.Iterations && !cancellation.IsCancellationRequested)
        {
            var metrics = Trainer.Step();
            Folder.AppendMetrics(metrics);
            if (Trainer.Iteration % Config.CheckpointEvery == 0 || Trainer.Iteration == Config.Iterations) saved = Save();
            onIteration?.Invoke(metrics);
        }
        if (saved != Trainer.Iteration) Save(); // stopped between checkpoints (cancelled)
    }

    private int Save()
    {
        Checkpoint.Save(Folder.CheckpointPath, Config, Trainer.Snapshot());
        return Trainer.Iteration;
    }

    /// <inheritdoc />
    public void Dispose() => Trainer.Dispose();
}
