using System.CommandLine;
using Itt.Cluster.Evaluation;
using Itt.Cluster.Hosting;
using Itt.Training;
using Itt.Training.Configuration;
using Spectre.Console;

namespace Itt.Cli.Commands;

/// <summary>
/// The <c>--cluster</c> option group of <c>itt train</c>: runs the trainer inside a silo and sends its rollouts to the
/// worker silos that join (<c>itt worker</c>), printing a line for every worker that joins or leaves.
/// </summary>
public sealed class ClusterTraining
{
    private readonly Option<bool> _cluster = new("--cluster") { Description = "Train inside an Orleans silo and spread rollouts over the workers that join it (`itt worker`); θ is the same as without it." };
    private readonly Option<int> _waitForWorkers = new("--wait-for-workers") { Description = "With --cluster: workers that must join before the first iteration.", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _chunkSize = new("--chunk-size") { Description = "With --cluster: rollouts per chunk of work (0: about four chunks per worker).", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _chunkTimeout = new("--chunk-timeout") { Description = "With --cluster: seconds before an unanswered chunk is sent again elsewhere.", DefaultValueFactory = _ => 120 };
    private readonly Option<bool> _remoteOnly = new("--workers-only") { Description = "With --cluster: run no rollouts on the trainer's own silo." };
    private readonly ClusterOptions _clustering = new(ClusterSettings.DefaultPrimaryPort, "With --cluster: port of the trainer's silo (default: --primary-port with localhost clustering).");

    /// <summary>How long a trainer waits for <c>--wait-for-workers</c> before it gives up (exit code 1).</summary>
    public static readonly TimeSpan WorkerWait = TimeSpan.FromMinutes(10);

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _cluster, _waitForWorkers, _chunkSize, _chunkTimeout, _remoteOnly }) command.Options.Add(option);
        _clustering.AddTo(command);
    }

    /// <summary>Starts the trainer's silo when <c>--cluster</c> was given (null otherwise); bad options throw <see cref="UsageException"/>.</summary>
    public ClusterRun? Start(ParseResult parse, TrainingConfig config, IAnsiConsole console, CancellationToken stop = default)
    {
        if (!parse.GetValue(_cluster))
        {
            if (_clustering.AnyGiven(parse) || new Option[] { _waitForWorkers, _chunkSize, _chunkTimeout, _remoteOnly }.Any(parse.Given))
                throw new UsageException("cluster options need --cluster");
            return null;
        }
        if (config.NormalizeObservations)
            throw new UsageException("--normalize-observations does not work with --cluster yet: workers do not send observation statistics back");
        var options = new ClusterEvaluatorOptions
        {
            ChunkSize = parse.GetValue(_chunkSize) is var size && size != 0 ? size : null, // 0: automatic
            ChunkTimeout = parse.GetValue(_chunkTimeout) is var t && t > 0 && double.IsFinite(t) ? TimeSpan.FromSeconds(t)
                : throw new UsageException($"--chunk-timeout must be a positive number of seconds (got {t})"),
            TrainerRunsRollouts = !parse.GetValue(_remoteOnly),
        };
        if (options.Validate() is string problem) throw new UsageException(problem);
        int workers = parse.GetValue(_waitForWorkers);
        if (workers < 0) throw new UsageException($"--wait-for-workers must be 0 or more (got {workers})");
        var settings = _clustering.Settings(parse, config.Threads ?? 0, trainer: true);
        EsTrainer.ArchitectureFor(config); // an unknown environment fails here, before a silo starts

        var node = ClusterNode.StartAsync(settings, stop).GetAwaiter().GetResult();
        var run = new ClusterRun(node, node.CreateEvaluator(config, options), console);
        run.Evaluator.Stopping = stop;
        try
        {
            console.WriteLine($"cluster '{settings.ClusterId}': trainer silo {node.Name} at {node.Address.Endpoint} ({(settings.Redis is null ? "localhost clustering" : "Redis " + settings.Redis)})");
            if (workers > 0)
            {
                console.WriteLine($"waiting for {workers} worker(s) to join…");
                node.Membership.WaitForWorkersAsync(workers, WorkerWait, stop).GetAwaiter().GetResult();
            }
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }
}

/// <summary>The trainer's silo and evaluator for the length of a run.</summary>
public sealed class ClusterRun : IDisposable
{
    private readonly ClusterNode _node;
    private readonly IAnsiConsole _console;
    private readonly HashSet<Orleans.Runtime.SiloAddress> _troubled = [];

    /// <summary>Wraps a started silo and its evaluator, reporting membership changes on <paramref name="console"/>.</summary>
    public ClusterRun(ClusterNode node, ClusterEvaluator evaluator, IAnsiConsole console)
    {
        _node = node;
        _console = console;
        Evaluator = evaluator;
        node.Membership.Changed += Report;
        evaluator.ChunkEvent += ReportTrouble;
    }

    /// <summary>The evaluator to train with.</summary>
    public ClusterEvaluator Evaluator { get; }

    /// <summary>Prints what the cluster did over the run.</summary>
    public void Summarise()
        => _console.WriteLine($"cluster: {Evaluator.Sent} chunks sent, {Evaluator.Resent} resent after a loss or timeout, {Evaluator.Duplicates} duplicate answers ignored");

    private void Report(Itt.Cluster.Membership.MembershipChange change)
    {
        lock (_console) _console.WriteLine(change.ToString());
    }

    /// <summary>The first failure or refusal of each silo (a broken worker fails every chunk it is sent; one line says why).</summary>
    private void ReportTrouble(ChunkEvent e)
    {
        if (e.Kind is not (ChunkEventKind.Failed or ChunkEventKind.Refused) || !_troubled.Add(e.Silo)) return;
        lock (_console)
            _console.WriteLine(e.Kind == ChunkEventKind.Refused ? $"cluster: left out a worker: {e.Error}"
                : $"cluster: a chunk failed on the silo at {e.Silo.Endpoint} and goes elsewhere: {e.Error} (said once per silo)");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _node.Membership.Changed -= Report;
        Evaluator.ChunkEvent -= ReportTrouble;
        _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (!_node.StoppedCleanly)
            _console.WriteLine($"cluster: the trainer's silo did not stop within {ClusterNode.StopTimeout.TotalSeconds:0} s (Redis or the network lost?); leaving it");
    }
}
