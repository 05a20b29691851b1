using System.Runtime.InteropServices;

namespace Itt.Cli.Commands;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for a long-running command: the first signal cancels <see cref="Token"/> so the command
/// stops at its next safe point (after the current iteration, leaving a checkpoint); if it has not returned within
/// <see cref="Grace"/>, or on a second signal, the process exits at once with <see cref="ExitCode"/> and one line.
/// The run folder stays consistent either way: checkpoints are replaced atomically and a torn metrics row is dropped.
/// </summary>
public sealed class StopSignals : IDisposable
{
    /// <summary>Exit code of a command stopped by a signal (128 + SIGINT, as shells report Ctrl-C).</summary>
    public const int ExitCode = 130;

    /// <summary>How long a stopped command may take to reach its safe point before the process exits anyway.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _error;
    private readonly string _what;
    private readonly PosixSignalRegistration[] _registrations;
    private Timer? _deadline;
    private int _signals;

    /// <summary>Listens for the signals; <paramref name="what"/> names the command in the forced-exit line.</summary>
    public StopSignals(TextWriter error, string what)
    {
        _error = error;
        _what = what;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once a signal arrived.</summary>
    public bool Stopped => _stop.IsCancellationRequested;

    /// <summary>Stops as if a signal had arrived (tests, and code paths that end the command themselves).</summary>
    public void Request() => _stop.Cancel();

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the default would kill the process before the checkpoint
        if (Interlocked.Increment(ref _signals) > 1) Exit("a second signal");
        _stop.Cancel();
        _deadline = new Timer(_ => Exit($"no safe point within {Grace.TotalSeconds:0} s"), null, Grace, Timeout.InfiniteTimeSpan);
    }

    private void Exit(string why)
    {
        _error.WriteLine($"itt: {_what} stopped ({why})");
        _error.Flush();
        Environment.Exit(ExitCode);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _deadline?.Dispose();
        _stop.Dispose();
    }
}
