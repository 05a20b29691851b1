using System.Diagnostics;
using Itt.Environments;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;

namespace Itt.Training.Runs;

/// <summary>Thrown when a resume asks for a configuration other than the run's.</summary>
public sealed class ConfigurationMismatchException(string message) : Exception(message);

/// <summary>
/// A trainer attached to a run folder: each iteration appends its metrics row, and checkpoints are written atomically
/// (rows synced first), so a run killed at any moment resumes from its last checkpoint and ends bit-identical to an
/// uninterrupted one. Checkpoints follow elapsed time rather than every iteration: one is written at an iteration
/// boundary allowed by <see cref="TrainingConfig.CheckpointEvery"/> once the time since the last one is at least
/// <see cref="WriteCostRatio"/> times what the last one took, so writing them costs at most about 1/20 of the run
/// however short its iterations are; the final state (end, target reached, cancelled or failed) is always written.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    /// <summary>Time between checkpoints as a multiple of the last write's duration (checkpoints cost ≤ ~5% of a run).</summary>
    public const double WriteCostRatio = 20;

    private readonly IDisposable _lock;
    private readonly string _machine;
    private double _lastEvaluation;

    private TrainingSession(RunFolder folder, IDisposable folderLock, EsTrainer trainer, IEvaluator? evaluator, double lastEvaluation = double.NaN)
    {
        Folder = folder;
        _lock = folderLock;
        Trainer = trainer;
        _lastEvaluation = lastEvaluation;
        // What machines.csv records: with a supplied evaluator (a cluster) the rollouts, most of an iteration, ran elsewhere.
        _machine = MachineDescription.Current + (evaluator is null ? "" : "; rollouts by a supplied evaluator (a cluster's workers)");
    }

    /// <summary>The run folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>The trainer.</summary>
    public EsTrainer Trainer { get; }

    /// <summary>The run's configuration.</summary>
    public TrainingConfig Config => Trainer.Config;

    /// <summary>Whether the last iteration's evaluation of θ reached <see cref="TrainingConfig.TargetReturn"/> (the run is done).</summary>
    public bool ReachedTarget => Config.TargetReturn is double target && _lastEvaluation >= target;

    /// <summary>Checkpoints written by this session (the cadence's cost, for benchmarks).</summary>
    public int CheckpointsWritten { get; private set; }

    /// <summary>
    /// Starts a new run in a fresh folder under <paramref name="runsRoot"/>, in environments made by
    /// <paramref name="environments"/> (null: the registry's, by the configuration's id).
    /// </summary>
    public static TrainingSession Start(TrainingConfig config, string runsRoot, IEvaluator? evaluator = null, Func<Env>? environments = null)
        => Create(config, evaluator, environments, trainer => RunFolder.Create(runsRoot, config, trainer.Snapshot(), DateTime.UtcNow));

    /// <summary>Starts a new run in the folder <paramref name="runsRoot"/>/<paramref name="folderName"/> (see <see cref="RunFolder.CreateNamed"/>).</summary>
    public static TrainingSession StartNamed(TrainingConfig config, string runsRoot, string folderName, IEvaluator? evaluator = null,
        Func<Env>? environments = null)
        => Create(config, evaluator, environments, trainer => RunFolder.CreateNamed(runsRoot, folderName, config, trainer.Snapshot()));

    /// <summary>Validates and sizes the configuration (through the trainer) before the folder is made.</summary>
    private static TrainingSession Create(TrainingConfig config, IEvaluator? evaluator, Func<Env>? environments,
        Func<EsTrainer, (RunFolder, IDisposable)> makeFolder)
    {
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        var trainer = new EsTrainer(config, evaluator, environments: environments); // fails before any folder is made if the env is unknown or the config too large
        try
        {
            var (folder, folderLock) = makeFolder(trainer);
            return new TrainingSession(folder, folderLock, trainer, evaluator);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Resumes the run in <paramref name="runPath"/>. <paramref name="requested"/>, when given, must equal the run's
    /// configuration except for iterations, threads and checkpoint interval. The folder is locked first: a run that
    /// another process is writing is refused before anything in it is touched. A run of an environment outside the
    /// registry needs its factory again as <paramref name="environments"/>.
    /// </summary>
    public static TrainingSession Resume(string runPath, Func<TrainingConfig, TrainingConfig>? requested = null, IEvaluator? evaluator = null,
        Func<Env>? environments = null)
    {
        var folder = RunFolder.Open(runPath);
        var folderLock = folder.Lock();
        EsTrainer? trainer = null;
        try
        {
            var (stored, state) = Checkpoint.Load(folder.CheckpointPath, environments);
            var config = requested?.Invoke(stored) ?? stored;
            if (config.Validate() is string problem) throw new ArgumentException(problem);
            var differences = config.DifferencesFrom(stored);
            if (differences.Count > 0)
                throw new ConfigurationMismatchException($"cannot resume {folder.Name} with a different configuration ({string.Join("; ", differences)})");
            trainer = new EsTrainer(config, evaluator, state, environments);
            folder.TruncateMetrics(state.Iteration);
            var rows = folder.ReadMetrics();
            return new TrainingSession(folder, folderLock, trainer, evaluator, rows.Count > 0 ? rows[^1].EvaluationReturn : double.NaN);
        }
        catch
        {
            trainer?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains up to the configured iteration count, or until an evaluation of θ reaches the target return, reporting each
    /// iteration. An iteration that fails (a <see cref="NonFiniteException"/>, a lost cluster) throws before its metrics row
    /// is written, after the state of the last good iteration has been checkpointed.
    /// </summary>
    public void Run(Action<IterationMetrics>? onIteration = null, CancellationToken cancellation = default)
    {
        int saved = File.Exists(Folder.CheckpointPath) ? Trainer.Iteration : -1;
        var sinceSave = Stopwatch.StartNew();
        TimeSpan writeCost = TimeSpan.Zero;
        void Save()
        {
            var clock = Stopwatch.StartNew();
            Folder.SyncMetrics(); // rows up to the checkpoint are on disk before it
            Checkpoint.Save(Folder.CheckpointPath, Config, Trainer.Snapshot());
            writeCost = clock.Elapsed;
            sinceSave.Restart();
            saved = Trainer.Iteration;
            CheckpointsWritten++;
        }

        if (saved < 0) Save();
        try
        {
            bool recorded = false;
            while (Trainer.Iteration < Config.Iterations && !ReachedTarget && !cancellation.IsCancellationRequested)
            {
                if (!recorded)
                {
                    Folder.RecordMachine(Trainer.Iteration + 1, _machine); // before the rows it covers
                    recorded = true;
                }
                var metrics = Trainer.Step();
                _lastEvaluation = metrics.EvaluationReturn;
                Folder.AppendMetrics(metrics);
                if (Trainer.Iteration % Config.CheckpointEvery == 0 && sinceSave.Elapsed >= writeCost * WriteCostRatio) Save();
                onIteration?.Invoke(metrics);
            }
        }
        finally
        {
            if (saved != Trainer.Iteration) Save(); // the final state: finished, reached the target, cancelled or failed
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Trainer.Dispose();
        _lock.Dispose();
    }
}
