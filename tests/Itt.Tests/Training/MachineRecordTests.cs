using System.Runtime.Intrinsics.X86;
using Itt.Experiments.Comparison;
using Itt.Experiments.Reports;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Training.Runs;

namespace Itt.Tests.Training;

/// <summary>
/// Run folders record which machine trained which iterations (<c>machines.csv</c>), because a long run is trained over
/// sessions on machines of different speed; the wall-clock tables count the machines behind each row.
/// </summary>
public class MachineRecordTests
{
    private static readonly TrainingConfig Config = new() { Environment = "CartPole-v1", Iterations = 2, Seed = 1, Threads = 1 };

    private static IReadOnlyList<MachineSpan> Machines(string run) => RunFolder.ReadMachines(Path.Combine(run, "machines.csv"));

    [Fact]
    public void ARunRecordsItsMachineOnceHoweverOftenItIsResumedThere()
    {
        using var root = new TempFolder();
        string run;
        using (var first = TrainingSession.Start(Config, root.Path))
        {
            first.Run();
            run = first.Folder.Path;
        }
        Assert.Equal([new MachineSpan(1, MachineDescription.Current)], Machines(run));
        using (var resumed = TrainingSession.Resume(run, c => c with { Iterations = 4 }))
            resumed.Run();
        Assert.Equal([new MachineSpan(1, MachineDescription.Current)], Machines(run));

        // A run from before machines were recorded: its first iterations stay unrecorded, the resumed ones are this machine's.
        File.Delete(Path.Combine(run, "machines.csv"));
        using (var older = TrainingSession.Resume(run, c => c with { Iterations = 5 }))
            older.Run();
        Assert.Equal([new MachineSpan(5, MachineDescription.Current)], Machines(run));
        Assert.Equal([null, MachineDescription.Current], MachineSpan.Covering(Machines(run), 5));
        Assert.Equal([null], MachineSpan.Covering(Machines(run), 4));

        // Resuming a finished run trains nothing and records nothing.
        var before = File.ReadAllBytes(Path.Combine(run, "machines.csv"));
        using (var done = TrainingSession.Resume(run, c => c with { Iterations = 5 }))
            done.Run();
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run, "machines.csv")));
    }

    [Fact]
    public void WithASuppliedEvaluatorTheRecordSaysTheRolloutsRanElsewhere()
    {
        using var root = new TempFolder();
        using var evaluator = new LocalEvaluator(Config, EsTrainer.ArchitectureFor(Config), Config.PolicyOptions(), 1); // standing in for a cluster
        using var session = TrainingSession.Start(Config, root.Path, evaluator);
        session.Run();
        Assert.Equal([new MachineSpan(1, MachineDescription.Current + "; rollouts by a supplied evaluator (a cluster's workers)")],
            Machines(session.Folder.Path));
    }

    [Fact]
    public void AnotherMachineIsRecordedFromTheIterationItResumesAtAndEntriesPastTheCheckpointAreDropped()
    {
        using var root = new TempFolder();
        using (var session = TrainingSession.Start(Config, root.Path))
        {
            var folder = session.Folder;
            folder.RecordMachine(1, "machine A");
            folder.RecordMachine(5, "machine B");
            folder.RecordMachine(9, "machine B"); // the same machine again: nothing new
            Assert.Equal([new MachineSpan(1, "machine A"), new MachineSpan(5, "machine B")], Machines(folder.Path));
            Assert.Equal(["machine A"], MachineSpan.Covering(Machines(folder.Path), 4));
            Assert.Equal(["machine A", "machine B"], MachineSpan.Covering(Machines(folder.Path), 5));

            // Killed at iteration 7 with its checkpoint at 3, resumed at 4 on machine C: B's entry covered only lost rows.
            folder.RecordMachine(4, "machine C");
            Assert.Equal([new MachineSpan(1, "machine A"), new MachineSpan(4, "machine C")], Machines(folder.Path));
            // Resumed at 4 again, on machine A: C's entry goes, and A's covers the run from 1.
            folder.RecordMachine(4, "machine A");
            Assert.Equal([new MachineSpan(1, "machine A")], Machines(folder.Path));

            Assert.Throws<ArgumentException>(() => folder.RecordMachine(6, "a, b"));
            File.WriteAllText(folder.MachinesPath, "from_iteration,machine\n5,B\n3,A\n");
            var e = Assert.Throws<RunFolderException>(() => Machines(folder.Path));
            Assert.Equal($"machines.csv line 3 is malformed: {folder.MachinesPath}", e.Message);
            File.WriteAllText(folder.MachinesPath, "from_iteration,machine\n\n5,B\nA\n"); // a blank line still counts as a line
            Assert.Equal($"machines.csv line 4 is malformed: {folder.MachinesPath}", Assert.Throws<RunFolderException>(() => Machines(folder.Path)).Message);
        }
    }

    [Fact]
    public void TheDescriptionNamesWhatTheOperatingSystemSaysOfTheProcessor()
    {
        string machine = MachineDescription.Current;
        Assert.DoesNotContain(',', machine);
        Assert.Contains($"; {Environment.ProcessorCount} logical cores; ", machine);
        if (!X86Base.IsSupported || !File.Exists("/proc/cpuinfo")) return; // the cross-check below reads Linux's view of an x86 processor
        // Linux decodes the same processor signature: the first processor's "cpu family" and "model" lines.
        var fields = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
            .Where(f => f.Length == 2).GroupBy(f => f[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        string name = string.Join(' ', fields["model name"].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{name} (x86 family {fields["cpu family"]} model {fields["model"]}); ", machine);
    }

    [Fact]
    public void AWallClockRowCountsTheMachinesBehindItsRuns()
    {
        static RunRecord Run(params string?[] machines)
            => new(new RunResult("CartPole-v1", "itt", 1, "2 iterations", 2, 400, 1.0, 10, [100], 100), [], machines);
        Assert.Equal("1", RunRecord.MachineCount([Run("A"), Run("A")]));
        Assert.Equal("2", RunRecord.MachineCount([Run("A"), Run("A", "B")]));
        Assert.Equal("1 + unrecorded", RunRecord.MachineCount([Run(null, "A"), Run("A")]));
        Assert.Equal("unrecorded", RunRecord.MachineCount([Run((string?)null), new(Run().Result, [])])); // the second: nothing known
        Assert.Equal("–", RunRecord.MachineCount([]));

        // Read from the run folders by the comparison data, and shown in the report's Table 2.
        using var root = new TempFolder();
        var plan = new ComparisonPlan(["CartPole-v1"], [ComparisonArchitecture.Itt], 1, new ComparisonBudget(Iterations: 2), root.Path,
            Threads: 1, FinalEvaluationEpisodes: 1);
        ComparisonRunner.Run(plan);
        var data = ComparisonData.Load(plan.RunsFolder);
        Assert.Equal([MachineDescription.Current], Assert.Single(data.Runs).Machines!);
        var table = WallClockTable.Build(data).ToMarkdown();
        Assert.Contains("| 2 | 1 |", table);
        Assert.DoesNotContain("±", table.Split('\n').Single(l => l.StartsWith("| CartPole-v1 |", StringComparison.Ordinal))); // one seed: its seconds alone
    }
}
