using Itt.Experiments.Reports;
using Itt.Training;
using Itt.Training.Runs;
using Spectre.Console;

namespace Itt.Cli.Commands;

/// <summary>Shows training progress: a live bar on a terminal, periodic lines otherwise.</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="session"/> while reporting iteration, mean and best return and steps per second.</summary>
    public static void Run(IAnsiConsole console, TrainingSession session, bool plain, CancellationToken cancellation)
    {
        int total = session.Config.Iterations;
        long lastSteps = session.Trainer.Snapshot().EnvironmentSteps;
        string Describe(IterationMetrics m)
        {
            double sps = m.Seconds > 0 ? (m.EnvironmentSteps - lastSteps) / m.Seconds : 0;
            lastSteps = m.EnvironmentSteps;
            return $"it {m.Iteration}/{total} · mean {ReportFormat.Return(m.MeanReturn)} · best {ReportFormat.Return(m.MaxReturn)} · θ {ReportFormat.Return(m.EvaluationReturn)} · {sps:N0} steps/s";
        }

        if (plain || !console.Profile.Capabilities.Interactive)
        {
            int every = Math.Max(1, total / 20);
            session.Run(m =>
            {
                string line = Describe(m);
                if (m.Iteration % every == 0 || m.Iteration == total || session.ReachedTarget) console.WriteLine(line);
            }, cancellation);
            return;
        }
        console.Progress()
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: total);
                task.Value = session.Trainer.Iteration;
                session.Run(m =>
                {
                    task.Description = Markup.Escape(Describe(m));
                    task.Value = m.Iteration;
                }, cancellation);
            });
    }
}
