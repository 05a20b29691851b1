using System.Globalization;
using Itt.Experiments.Comparison;
using Itt.Experiments.Reports;
using Itt.Experiments.Results;
using Itt.Tests.Training;
using Itt.Training;
using Itt.Training.Runs;

namespace Itt.Tests.Compare;

/// <summary>The results page regenerated from run folders: all 15 paper tasks, orderings against the paper's, markers kept.</summary>
public class ResultsPageTests
{
    private static void Run(string campaign, string step, string env, string arch, ulong seed, string budget, params double[] evalReturns)
    {
        string dir = Path.Combine(campaign, step, "runs", ComparisonPlan.RunName(env, arch, seed));
        Directory.CreateDirectory(dir);
        var rows = evalReturns.Select((v, i) => string.Join(',', (i + 1).ToString(CultureInfo.InvariantCulture),
            (1000 * (i + 1)).ToString(CultureInfo.InvariantCulture), (v + 400).ToString("R", CultureInfo.InvariantCulture),
            (v + 900).ToString("R", CultureInfo.InvariantCulture), v.ToString("R", CultureInfo.InvariantCulture), "1", "0.5", (0.5 * (i + 1)).ToString("R", CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), RunFolder.MetricsHeader + "\n" + string.Concat(rows.Select(r => r + "\n")));
        new RunResult(env, arch, seed, budget, evalReturns.Length, 1000L * evalReturns.Length, 0.5 * evalReturns.Length, 4,
            [evalReturns[^1]], evalReturns[^1]).Save(dir);
    }

    private static string[] Table1Rows(string page)
    {
        var lines = page.Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("| task (paper)", StringComparison.Ordinal));
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToArray();
    }

    [Fact]
    public void ThePageHasEveryPaperTaskAndComparesOrderingsWithThePaper()
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        // MountainCar as the paper orders it (itt > explicit > iot); Hopper with explicit ahead of ITT, which the paper does not have.
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            Run(campaign, "classic", "MountainCar-v0", "itt", seed, "preset", -200, -110);
            Run(campaign, "classic", "MountainCar-v0", "iot", seed, "preset", -200, -200);
            Run(campaign, "classic", "MountainCar-v0", "explicit", seed, "preset", -200, -150);
            Run(campaign, "hopper", "Hopper-v4", "itt", seed, "3 iterations", 10, 500, 1000);
            Run(campaign, "hopper", "Hopper-v4", "iot", seed, "3 iterations", 10, 600, 900);
            Run(campaign, "hopper", "Hopper-v4", "explicit", seed, "3 iterations", 10, 700, 1100);
        }
        // The same ITT run to a shorter budget in another step counts once, with its longer budget.
        Run(campaign, "hopper-short", "Hopper-v4", "itt", 1, "2 iterations", 10, 500);
        // A variant at that shorter budget is compared with ITT at the same budget only (seed 1 from "hopper-short").
        Run(campaign, "hopper-variant", "Hopper-v4", "itt", 2, "2 iterations", 10, 700);
        Run(campaign, "hopper-variant", "Hopper-v4", "itt-norm", 1, "2 iterations", 10, 800);
        Run(campaign, "hopper-variant", "Hopper-v4", "itt-norm", 2, "2 iterations", 10, 900);

        // ITT-RFT on Swimmer only: Table 3 gets ITT-RFT columns, which say "not run" on Hopper.
        Run(campaign, "swimmer-rft", "Swimmer-v4", "itt-rft", 1, "3 iterations", 10, 50, 200);

        string page = Path.Combine(temp.Path, "docs", "results.md");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        File.WriteAllText(page, "# Results\n\nHand-written introduction.\n\n" + ResultsPage.Begin + "\nold\n" + ResultsPage.End + "\n\n## Discussion\n\nKept.\n");
        var (files, runs) = ResultsPage.Write(campaign, page);
        string text = File.ReadAllText(page);
        // 2 seeds × 6 main runs + 2 itt-norm runs + 1 itt-rft run; the two ITT runs at 2 iterations count once, with their 3-iteration budget.
        Assert.Equal(15, runs);
        Assert.Equal(4, files.Count); // three figures (MountainCar-v0, Hopper-v4, Swimmer-v4) and the page

        var rows = Table1Rows(text);
        Assert.Equal(15, rows.Length);
        Assert.Equal(PaperTask.All.Select(t => t.PaperName), rows.Select(r => r.Split('|')[1].Trim()));
        string mountainCar = Assert.Single(rows, r => r.Contains("| MountainCar-v0 | MountainCar-v0 |"));
        Assert.Contains("**-110.00 ± 0.00**", mountainCar);
        Assert.Contains("| itt > explicit > iot | itt > explicit > iot | yes |", mountainCar);
        string hopper = Assert.Single(rows, r => r.Contains("| Hopper-v2 |"));
        Assert.Contains("| 2/2/2 | **cut: 3 iterations** | explicit > itt > iot | itt > explicit > iot | no (itt > explicit) |", hopper);
        Assert.Contains("| pending |", Assert.Single(rows, r => r.Contains("| DMCS:WalkerWalk |")));
        Assert.StartsWith("# Results\n\nHand-written introduction.\n\n" + ResultsPage.Begin, text);
        Assert.EndsWith(ResultsPage.End + "\n\n## Discussion\n\nKept.\n", text);
        Assert.DoesNotContain("\nold\n", text);
        Assert.True(File.Exists(Path.Combine(temp.Path, "docs", "results", "curves-Hopper-v4.png")));
        // Every main run of Hopper-v4 ends at 3 iterations: the mean curves show them whole, so no per-run figure.
        Assert.False(File.Exists(Path.Combine(temp.Path, "docs", "results", "runs-Hopper-v4.png")));

        // Table 3 at the paper's Hopper threshold 877.45, ITT (10, 500, 1000): θ first reaches it at iteration 3 (3,000
        // steps), the rollouts' mean (eval + 400) at 2, the best rollout (eval + 900) at 1; itt-rft has no runs; explicit
        // (10, 700, 1100) reads the same. IOT is not part of Table 3.
        Assert.Contains("| Hopper-v4 | 877.45 | paper, Table 3 | 3.00e+03 (2/2) | 2.00e+03 (2/2) | 1.00e+03 (2/2) | not run | not run | not run | " +
            "3.00e+03 (2/2) | 2.00e+03 (2/2) | 1.00e+03 (2/2) | 6.90e+04 |", text);
        // Swimmer's threshold 128.25: ITT-RFT's θ (10, 50, 200) reaches it at iteration 3, its best rollout (eval + 900) at 1.
        Assert.Contains("| Swimmer-v4 | 128.25 | paper, Table 3 | not run | not run | not run | 3.00e+03 (1/1) |", text);

        Assert.Contains("### Tables 10–11 analogue · ITT variants on Hopper-v4, cut: 2 iterations (final return, mean ± std over seeds)", text);
        Assert.Contains("| Hopper-v4 | <u>600.00 ± 100.00</u> | **850.00 ± 50.00** | 2/2 | 2 iterations |", text);
        // Differences −300 and −200: t = −250 / (70.71 / √2) = −5 on 1 degree of freedom, p = 1 − 2·atan(5)/π = 0.1257.
        Assert.Contains("| Hopper-v4 | 1.26e-1 | 600.00 | **850.00** |", text);
        Assert.Contains("### Tables 10–11 analogue · ITT variants on Hopper-v4, cut: 2 iterations (paired t-tests against ITT)", text);

        ResultsPage.Write(campaign, page);
        Assert.Equal(text, File.ReadAllText(page)); // the same runs give the same page
    }

    /// <summary>
    /// The variants' wall-clock (Tables 4 and 8 analogue): per iteration and per environment step, each as a mean over
    /// seeds and as a ratio to ITT's, so that a variant whose episodes run longer is not read as slower per step, and a
    /// paired t-test of the time per step against ITT's, as the paper's tables give.
    /// </summary>
    [Fact]
    public void EachVariantsTrainingTimeIsShownPerIterationAndPerStepBesideIttsOwn()
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        // Two iterations each; results.json rewritten with the wall-clock seconds and environment steps below.
        void Timed(string arch, ulong seed, double seconds, long steps)
        {
            Run(campaign, "lander", "LunarLanderContinuous-v3", arch, seed, "2 iterations", 10, 20);
            string dir = Path.Combine(campaign, "lander", "runs", ComparisonPlan.RunName("LunarLanderContinuous-v3", arch, seed));
            new RunResult("LunarLanderContinuous-v3", arch, seed, "2 iterations", 2, steps, seconds, 4, [20], 20).Save(dir);
        }
        Timed("itt", 1, 1.0, 2000);     // 500 ms/it, 500 µs/step
        Timed("itt", 2, 2.0, 2000);     // 1000 ms/it, 1000 µs/step: ITT's means are 750 and 750
        Timed("itt-srp", 1, 3.0, 2000); // 1500 ms/it, 1500 µs/step
        Timed("itt-srp", 2, 3.0, 4000); // 1500 ms/it, 750 µs/step: means 1500 (2× ITT's) and 1125 (1.5× ITT's)

        string page = Path.Combine(temp.Path, "results.md");
        ResultsPage.Write(campaign, page);
        string text = File.ReadAllText(page);
        Assert.Contains("### Tables 4 and 8 analogue · ITT variants on LunarLanderContinuous-v3, cut: 2 iterations (training wall-clock)", text);
        // Per step, paired by seed: SRP − ITT = 1500 − 500 and 750 − 1000, i.e. 1000 and −250: t = 375 / (883.88 / √2) = 0.6
        // on 1 degree of freedom, p = 1 − 2·atan(0.6)/π = 0.656. ITT is the reference, so its own cell is empty.
        Assert.Contains("| itt | 750.00 | 750.00 | 1.00 | 1.00 | – | 2 | unrecorded |", text);
        Assert.Contains("| itt-srp | 1500.00 | 1125.00 | 2.00 | 1.50 | 6.56e-1 | 2 | unrecorded |", text);
        // Run by run beneath it (the variants only; ITT's means are Table 2's): steps, seconds and µs per step of each seed.
        string perRun = text[text.IndexOf("(each variant run)", StringComparison.Ordinal)..];
        Assert.Contains("| itt-srp | 1 | 2000 | 3.00 | 1500.00 | 20.00 | unrecorded |", perRun);
        Assert.Contains("| itt-srp | 2 | 4000 | 3.00 | 750.00 | 20.00 | unrecorded |", perRun);
        Assert.DoesNotContain("| itt | 1 |", perRun);
    }

    [Theory]
    [InlineData(2, "metrics.csv ends at iteration 1 but the run's result is at 3; the run folder is incomplete")] // the last rows lost
    [InlineData(1, "metrics.csv has iteration 3 where 2 belongs; the run folder is damaged")] // a row lost inside
    public void AFinishedRunWhoseMetricsMissARowIsRefusedAndThePageIsKept(int rowsToDrop, string expected)
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        Run(campaign, "hopper", "Hopper-v4", "itt", 1, "3 iterations", 10, 500, 1000);
        string metrics = Path.Combine(campaign, "hopper", "runs", ComparisonPlan.RunName("Hopper-v4", "itt", 1), "metrics.csv");
        var lines = File.ReadAllLines(metrics).ToList(); // header, iterations 1, 2, 3
        lines.RemoveRange(2, rowsToDrop); // from iteration 2 on
        File.WriteAllLines(metrics, lines);
        string page = Path.Combine(temp.Path, "results.md");
        File.WriteAllText(page, "kept");

        var error = Assert.Throws<RunFolderException>(() => ResultsPage.Write(campaign, page));

        Assert.EndsWith(expected, error.Message);
        Assert.Contains(ComparisonPlan.RunName("Hopper-v4", "itt", 1), error.Message);
        Assert.Equal("kept", File.ReadAllText(page));
    }

    [Fact]
    public void ARunFolderCopiedUnderAnotherSeedsNameIsRefusedNamingBoth()
    {
        using var temp = new TempFolder();
        string runs = Path.Combine(temp.Path, "campaign", "hopper", "runs");
        Run(Path.Combine(temp.Path, "campaign"), "hopper", "Hopper-v4", "itt", 1, "3 iterations", 10, 500, 1000);
        string copy = Path.Combine(runs, ComparisonPlan.RunName("Hopper-v4", "itt", 2));
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Path.Combine(runs, ComparisonPlan.RunName("Hopper-v4", "itt", 1))))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));

        // Before, `compare` failed on a duplicate key naming neither folder, and `results` dropped the copy unsaid.
        var error = Assert.Throws<RunFolderException>(() => ComparisonData.Load(runs));

        Assert.Equal($"{copy}: holds the result of run Hopper-v4__itt__1 (a copied or renamed run folder?)", error.Message);
    }

    [Fact]
    public void ATaskWhoseRunsEndAtDifferentBudgetsIsComparedAtTheLongestBudgetEveryArchitectureHasReached()
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        // Seed 1 of every architecture at 3 iterations; ITT seeds 2 and 3 still at the 2 iterations of an earlier step,
        // with final returns far below the others', which would otherwise drag ITT's mean under IOT's and explicit's.
        Run(campaign, "hopper", "Hopper-v4", "itt", 1, "3 iterations", 10, 500, 1000);
        Run(campaign, "hopper", "Hopper-v4", "iot", 1, "3 iterations", 10, 600, 900);
        Run(campaign, "hopper", "Hopper-v4", "explicit", 1, "3 iterations", 10, 700, 800);
        Run(campaign, "hopper-short", "Hopper-v4", "itt", 2, "2 iterations", 10, 100);
        Run(campaign, "hopper-short", "Hopper-v4", "itt", 3, "2 iterations", 10, 200);
        // MountainCar's runs all share one budget: nothing is left out.
        foreach (var arch in new[] { "itt", "iot", "explicit" }) Run(campaign, "classic", "MountainCar-v0", arch, 1, "preset", -200, -150);

        string page = Path.Combine(temp.Path, "results.md");
        var (_, runs) = ResultsPage.Write(campaign, page);
        string text = File.ReadAllText(page);
        Assert.Equal(8, runs); // the page still reads every run (Table 3, the curves)

        var rows = Table1Rows(text);
        string hopper = Assert.Single(rows, r => r.Contains("| Hopper-v2 |"));
        Assert.Contains("| **1000.00** |", hopper); // one seed: the mean alone, no std of 0 that would read as seeds that agree
        Assert.Contains("| 1/1/1 | **cut: 3 iterations** (2 runs at other budgets left out) | itt > iot > explicit |", hopper);
        Assert.Contains("| 1/1/1 | preset | ", Assert.Single(rows, r => r.Contains("| MountainCar-v0 | MountainCar-v0 |")));
        // Table 3 still counts all three ITT seeds: θ reaches 877.45 only in seed 1's third iteration.
        Assert.Contains("| Hopper-v4 | 877.45 | paper, Table 3 | 3.00e+03 (1/3) |", text);
    }

    [Fact]
    public void WhileRunsAreExtendedSeedBySeedTable1KeepsEverySeedAtTheShorterBudgetAndATableShowsEachBudget()
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        // Seeds 1 and 2 of every architecture at 2 iterations; seed 1 of every architecture then extended to 3, its
        // 2-iteration result kept beside it as an extension keeps it.
        foreach (var (arch, two, three) in new[] { ("itt", 500.0, 1000.0), ("iot", 600.0, 700.0), ("explicit", 700.0, 650.0) })
        {
            Run(campaign, "hopper", "Hopper-v4", arch, 2, "2 iterations", 10, two + 10);
            Run(campaign, "hopper", "Hopper-v4", arch, 1, "2 iterations", 10, two);
            string seed1 = Path.Combine(campaign, "hopper", "runs", ComparisonPlan.RunName("Hopper-v4", arch, 1));
            RunResult.Archive(seed1);
            Run(campaign, "hopper", "Hopper-v4", arch, 1, "3 iterations", 10, two, three);
            Assert.Equal([2], RunResult.LoadEarlier(seed1).Select(r => r.Iterations));
        }

        string page = Path.Combine(temp.Path, "results.md");
        var (_, runs) = ResultsPage.Write(campaign, page);
        string text = File.ReadAllText(page);
        Assert.Equal(6, runs); // each run once, at its longest budget

        // Table 1 at 2 iterations, where every seed of every architecture has a result (not 3, with one seed each).
        string hopper = Assert.Single(Table1Rows(text), r => r.Contains("| Hopper-v2 |"));
        Assert.Contains("| 505.00 ± 5.00 |", hopper);
        Assert.Contains("| **705.00 ± 5.00** |", hopper);
        Assert.Contains("| 2/2/2 | **cut: 2 iterations** | explicit > iot > itt |", hopper);
        // Every budget, with the seeds finished at each.
        Assert.Contains("### Runs extended past a cut · final return at each budget", text);
        Assert.Contains("| Hopper-v4 | 2 iterations | 505.00 ± 5.00 (2) | 605.00 ± 5.00 (2) | 705.00 ± 5.00 (2) |", text);
        Assert.Contains("| Hopper-v4 | 3 iterations | 1000.00 (1) | 700.00 (1) | 650.00 (1) |", text);
        // The curves and Table 3 read each run once, to its longest budget: ITT seed 1's θ (10, 500, 1000) reaches 877.45
        // at its third iteration, which only its extension has; seed 2's (10, 510) does not.
        Assert.Contains("| Hopper-v4 | 877.45 | paper, Table 3 | 3.00e+03 (1/2) |", text);
        // The mean curves stop at 2 iterations, where seed 2 does; seed 1's third iteration is drawn run by run.
        Assert.Contains("![Hopper-v2, each run past iteration 2](results/runs-Hopper-v4.png)\n", text);
        Assert.True(File.Exists(Path.Combine(temp.Path, "results", "runs-Hopper-v4.png")));

        // Once seed 2 is extended too, every run is as long as the shortest: the per-run figure goes, file and link.
        foreach (var arch in new[] { "itt", "iot", "explicit" })
        {
            RunResult.Archive(Path.Combine(campaign, "hopper", "runs", ComparisonPlan.RunName("Hopper-v4", arch, 2)));
            Run(campaign, "hopper", "Hopper-v4", arch, 2, "3 iterations", 10, 20, 30);
        }
        ResultsPage.Write(campaign, page);
        Assert.DoesNotContain("runs-Hopper-v4.png", File.ReadAllText(page));
        Assert.False(File.Exists(Path.Combine(temp.Path, "results", "runs-Hopper-v4.png")));
    }

    [Fact]
    public void EachRunPastTheShortestIsItsOwnCurveFromThereInOneColourWithOneLegendEntry()
    {
        static RunRecord Record(ulong seed, params double[] theta) => new(
            new RunResult("Hopper-v4", "itt", seed, "cut", theta.Length, 1000L * theta.Length, 1, 4, [theta[^1]], theta[^1]),
            theta.Select((v, i) => new IterationMetrics(i + 1, 1000L * (i + 1), v - 1, v + 1, v, 0, 0.5, 0.5 * (i + 1))).ToArray());
        // Seed 3 ends at 2 iterations (the shortest), seed 2 at 4, seed 1 at 3; listed out of seed order.
        var runs = new[] { Record(3, 7, 8), Record(2, 20, 21, 22, 23), Record(1, 10, 11, 12) };

        var curves = LearningCurveFigure.RunsPast("itt", runs, from: 2, color: 5).ToArray();

        Assert.Equal(2, curves.Length); // seed 3 has nothing past iteration 2
        Assert.Equal("itt (seeds 1, 2)", curves[0].Label);
        Assert.Equal([2, 3], curves[0].X);
        Assert.Equal([11, 12], curves[0].Mean);
        Assert.Equal("", curves[1].Label);
        Assert.Equal([2, 3, 4], curves[1].X);
        Assert.Equal([21, 22, 23], curves[1].Mean);
        Assert.All(curves, c => Assert.Equal((5, null, null), (c.Color, c.Low, c.High)));
    }

    /// <summary>
    /// The campaign takes a task to the paper's budget by naming its iteration count (Hopper: a 1,000-iteration cut,
    /// extended to 2,000, then to the paper's 4,000); a run asked for the preset's count is at the preset budget, no cut.
    /// </summary>
    [Fact]
    public void ARunAskedForThePresetsIterationCountIsAtThePresetBudgetNotACut()
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        double[] Returns(int n, double last) => Enumerable.Range(1, n).Select(i => last * i / n).ToArray();
        // Swimmer's preset is the paper's 500 iterations (its Table 2); Hopper's 4,000, so 3 iterations is a cut.
        foreach (var (arch, last) in new[] { ("itt", 340.0), ("iot", 20.0), ("explicit", 345.0) })
        {
            Run(campaign, "swimmer", "Swimmer-v4", arch, 1, "500 iterations", Returns(500, last));
            Run(campaign, "hopper", "Hopper-v4", arch, 1, "3 iterations", Returns(3, last));
        }
        Run(campaign, "swimmer", "Swimmer-v4", "itt-srp", 1, "500 iterations", Returns(500, 300));

        string page = Path.Combine(temp.Path, "results.md");
        ResultsPage.Write(campaign, page);
        string text = File.ReadAllText(page);
        var table1 = Table1Rows(text);
        Assert.Contains("| 1/1/1 | preset | explicit > itt > iot |", table1.Single(r => r.StartsWith("| Swimmer-v2 |", StringComparison.Ordinal)));
        Assert.Contains("| 1/1/1 | **cut: 3 iterations** | explicit > itt > iot |", table1.Single(r => r.StartsWith("| Hopper-v2 |", StringComparison.Ordinal)));
        Assert.Contains("### Tables 10–11 analogue · ITT variants on Swimmer-v4, preset budget (final return, mean ± std over seeds)", text);
        // Their progress through the run is still shown: both were asked for an iteration count.
        Assert.Contains("### Runs at a labelled cut, or extended from one · progress of each run", text);
        Assert.Contains("| Swimmer-v4 | itt | 1 | 500 |", text);
        Assert.Contains("| Hopper-v4 | itt | 1 | 3 |", text);

        // Each step's own comparison report reads the budgets by the same rule.
        string Budget(string step)
        {
            ComparisonReport.Write(ComparisonData.Load(Path.Combine(campaign, step, "runs")), Path.Combine(campaign, step));
            return File.ReadLines(Path.Combine(campaign, step, "report", "README.md")).Single(l => l.StartsWith("- budget:", StringComparison.Ordinal));
        }
        Assert.Equal("- budget: the paper presets' iteration counts for every run", Budget("swimmer"));
        Assert.Equal("- budget: **cheaper pass** on Hopper-v4 (3 iterations)", Budget("hopper")); // no "rest" to speak of
    }

    [Fact]
    public void EveryRunAtACutGetsARowWithItsProgressThroughTheRunAndRunsAtThePresetBudgetDoNot()
    {
        using var temp = new TempFolder();
        string campaign = Path.Combine(temp.Path, "campaign");
        double[] climbing = Enumerable.Range(1, 10).Select(i => 100.0 * i).ToArray(); // θ returns 100, 200, …, 1000
        Run(campaign, "hopper", "Hopper-v4", "itt", 1, "10 iterations", climbing);
        Run(campaign, "hopper", "Hopper-v4", "iot", 1, "10 iterations", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
        Run(campaign, "hopper", "Hopper-v4", "explicit", 1, "10 iterations", 10, 20, 30, 40, 50, 990, 60, 70, 80, 90);
        Run(campaign, "hopper-short", "Hopper-v4", "itt", 2, "3 iterations", 10, 500, 1000);
        foreach (var arch in new[] { "itt", "iot", "explicit" }) Run(campaign, "classic", "MountainCar-v0", arch, 1, "preset", -200, -150);
        // Machines: itt seed 1 was trained on one; explicit's first 5 iterations were not recorded, then two machines took turns
        // (the entry past its 10 iterations is not counted); the others recorded none.
        File.WriteAllText(Path.Combine(campaign, "hopper", "runs", "Hopper-v4__itt__1", "machines.csv"), "from_iteration,machine\n1,A\n");
        File.WriteAllText(Path.Combine(campaign, "hopper", "runs", "Hopper-v4__explicit__1", "machines.csv"),
            "from_iteration,machine\n6,A\n8,B\n9,A\n11,C\n");

        string page = Path.Combine(temp.Path, "results.md");
        ResultsPage.Write(campaign, page);
        var lines = File.ReadAllText(page).Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("| environment | architecture | seed | iterations |", StringComparison.Ordinal));
        Assert.True(header > 0);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToArray();

        // Fifths of 10 iterations are pairs: (100 + 200) / 2, …; the best rollout is θ + 900 in these folders; θ first reaches
        // Hopper's 877.45 at iteration 9; wall-clock 0.5 s per iteration.
        Assert.Equal(
        [
            "| Hopper-v4 | itt | 1 | 10 | 150.00 → 350.00 → 550.00 → 750.00 → 950.00 | 1000.00 (10) | 1900.00 (10) | 9 | 1000.00 | 0.50 | 1 |",
            // A run of 3 iterations has empty fifths; it reaches the threshold at its last iteration.
            "| Hopper-v4 | itt | 2 | 3 | – → 10.00 → – → 500.00 → 1000.00 | 1000.00 (3) | 1900.00 (3) | 3 | 1000.00 | 0.50 | unrecorded |",
            "| Hopper-v4 | iot | 1 | 10 | 5.00 → 5.00 → 5.00 → 5.00 → 5.00 | 5.00 (1) | 905.00 (1) | not reached | 5.00 | 0.50 | unrecorded |",
            // Explicit's one good iteration (6) stands out in its best θ and lifts only its third fifth (iterations 5–6).
            "| Hopper-v4 | explicit | 1 | 10 | 15.00 → 35.00 → 520.00 → 65.00 → 85.00 | 990.00 (6) | 1890.00 (6) | 6 | 90.00 | 0.50 | 2 + unrecorded |",
        ], rows);
    }
}
