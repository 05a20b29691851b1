using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Itt.Cli.Commands;

/// <summary>
/// An <c>itt</c> command running as a child process with its output captured (worker silos of the cluster benchmark,
/// and the process-level fault tests). Killing it sends SIGKILL: no chance to leave the cluster politely.
/// </summary>
public sealed partial class IttProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private IttProcess(Process process) => _process = process;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <c>itt</c> with <paramref name="args"/>: <paramref name="ittDll"/> under <c>dotnet</c>, or when null the
    /// command this process was started as (the apphost, or <c>dotnet itt.dll</c>).
    /// </summary>
    public static IttProcess Start(IEnumerable<string> args, string? ittDll = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string self = Environment.ProcessPath ?? "dotnet";
        if (ittDll is null && !Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.Ordinal))
        {
            info.FileName = self;
        }
        else
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(ittDll ?? typeof(IttProcess).Assembly.Location);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new IttProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits until the output holds <paramref name="text"/>; throws with the output so far on timeout or exit.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the exit can be seen before the last lines are read: drain them first
                if (Output.Contains(text, StringComparison.Ordinal)) return;
                throw new InvalidOperationException($"itt exited with {_process.ExitCode} before printing '{text}':\n{Output}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"itt did not print '{text}' within {timeout.TotalSeconds:0} s:\n{Output}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits for the exit and returns the exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"itt did not exit within {timeout.TotalSeconds:0} s:\n{Output}");
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL and waits for it to be gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>
    /// Asks the process to stop with SIGTERM (a worker then leaves the cluster politely, so the trainer need not wait for
    /// its death to be detected) and kills it if it is still there after <paramref name="timeout"/>.
    /// </summary>
    public void Stop(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        try
        {
            if (OperatingSystem.IsWindows() || SendSignal(_process.Id, SigTerm) != 0) Kill();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Kill(); // no libc to signal through: fall back to SIGKILL
        }
        if (!_process.WaitForExit(timeout)) Kill();
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. 2 for SIGINT, 15 for SIGTERM) to the process; false when it could not be sent.</summary>
    public bool Signal(int signal) => !_process.HasExited && !OperatingSystem.IsWindows() && SendSignal(_process.Id, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
