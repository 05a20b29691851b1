using System.Globalization;
using System.Text;
using Itt.Experiments.Comparison;
using Itt.Experiments.Plots;
using Itt.Experiments.Reports;
using Itt.Experiments.Statistics;
using Itt.Training.Checkpoints;
using Itt.Training.Runs;

namespace Itt.Experiments.Results;

/// <summary>
/// The results page (<c>docs/results.md</c>) regenerated from committed run folders: every paper task beside the paper's
/// Tables 1, 2 and 3, the t-tests of Tables 12 and 13, and one learning-curve figure per task with the paper's final
/// returns drawn as reference lines. Only the part between <see cref="Begin"/> and <see cref="End"/> is written, so the
/// hand-written discussion around it stays; the same runs give the same page, bit for bit.
/// </summary>
public static class ResultsPage
{
    /// <summary>Marks the start of the generated part.</summary>
    public const string Begin = "<!-- results:begin · written by `itt results` from the committed runs; edit outside these markers -->";

    /// <summary>Marks the end of the generated part.</summary>
    public const string End = "<!-- results:end -->";

    /// <summary>The three architectures of the paper's main comparison.</summary>
    private static readonly string[] Main = ["itt", "iot", "explicit"];

    /// <summary>
    /// Every finished run under <c>&lt;campaign&gt;/*/runs</c>. A run found in two folders (the same configuration run to two
    /// budgets) counts once, with its longer budget: both share θ up to the shorter one.
    /// </summary>
    public static ComparisonData Load(string campaignFolder) => LongestBudget(LoadEveryBudget(campaignFolder));

    private static ComparisonData LongestBudget(IEnumerable<RunRecord> everyBudget)
    {
        var runs = new Dictionary<(string, string, ulong), RunRecord>();
        foreach (var run in everyBudget)
        {
            var key = (run.Result.Environment, run.Result.Architecture, run.Result.Seed);
            if (!runs.TryGetValue(key, out var known) || known.Result.Iterations < run.Result.Iterations) runs[key] = run;
        }
        return ComparisonData.From(runs.Values.OrderBy(r => r.Result.Environment, StringComparer.Ordinal)
            .ThenBy(r => r.Result.Architecture, StringComparer.Ordinal).ThenBy(r => r.Result.Seed));
    }

    /// <summary>
    /// Every finished run under <c>&lt;campaign&gt;/*/runs</c>, once per budget (steps in folder order; the first copy wins),
    /// with the results runs had at shorter budgets before a longer pass extended them.
    /// </summary>
    private static List<RunRecord> LoadEveryBudget(string campaignFolder)
    {
        var seen = new HashSet<(string, string, ulong, string)>();
        var runs = new List<RunRecord>();
        if (!Directory.Exists(campaignFolder)) return runs;
        foreach (var step in Directory.GetDirectories(campaignFolder).Order(StringComparer.Ordinal))
            foreach (var run in ComparisonData.LoadEveryBudget(Path.Combine(step, "runs")).Runs)
                if (seen.Add((run.Result.Environment, run.Result.Architecture, run.Result.Seed, run.Result.Budget)))
                    runs.Add(run);
        return runs;
    }

    /// <summary>
    /// Regenerates the page at <paramref name="pagePath"/> (its generated part, and the figures in <c>results/</c> beside it)
    /// from the runs under <paramref name="campaignFolder"/>; returns the files written and how many runs the page shows.
    /// </summary>
    public static (IReadOnlyList<string> Files, int Runs) Write(string campaignFolder, string pagePath)
    {
        var everyBudget = LoadEveryBudget(campaignFolder); // read once: the main tables and the variants both come from it
        var data = LongestBudget(everyBudget);
        string figures = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pagePath))!, "results");
        Directory.CreateDirectory(figures);
        var written = new List<string>();
        var figureLinks = new List<string>();
        foreach (var task in PaperTask.All.Where(t => data.Environments.Contains(t.Environment)))
        {
            string file = $"curves-{task.Environment}.png";
            SaveFigure(data, task, Path.Combine(figures, file));
            written.Add(Path.Combine(figures, file));
            figureLinks.Add($"![{task.PaperName}](results/{file})");
            string runsFile = $"runs-{task.Environment}.png", runsPath = Path.Combine(figures, runsFile);
            if (SaveRunsFigure(data, task, runsPath) is int from)
            {
                written.Add(runsPath);
                figureLinks.Add($"![{task.PaperName}, each run past iteration {from}](results/{runsFile})");
            }
            else File.Delete(runsPath); // an earlier extension's figure, now drawn in the curves
        }
        string block = Render(data, ComparisonData.From(everyBudget), Variants(everyBudget), figureLinks);
        string existing = File.Exists(pagePath) ? File.ReadAllText(pagePath) : "";
        AtomicFile.WriteAllText(pagePath, Splice(existing, block)); // the page holds hand-written text: never half-written
        written.Add(pagePath);
        return (written, data.Runs.Count);
    }

    /// <summary>Puts <paramref name="block"/> between the markers of <paramref name="page"/> (appended when it has none).</summary>
    public static string Splice(string page, string block)
    {
        int begin = page.IndexOf(Begin, StringComparison.Ordinal), end = page.IndexOf(End, StringComparison.Ordinal);
        string generated = $"{Begin}\n{block}{End}";
        if (begin < 0 || end < begin) return page + (page.Length == 0 || page.EndsWith('\n') ? "" : "\n") + generated + "\n";
        return page[..begin] + generated + page[(end + End.Length)..];
    }

    /// <summary>
    /// The runs of ITT variants (any architecture outside the main three), one group per task and budget, each with the
    /// main architectures' runs of that task at the same budget: a variant is compared only with runs as long as its own.
    /// </summary>
    private static IReadOnlyList<ComparisonData> Variants(IReadOnlyList<RunRecord> everyBudget) =>
        everyBudget.Where(r => !Main.Contains(r.Result.Architecture)).Select(r => (r.Result.Environment, r.Result.Budget)).Distinct()
            .OrderBy(g => g.Environment, StringComparer.Ordinal).ThenBy(g => g.Budget, StringComparer.Ordinal)
            .Select(g => ComparisonData.From(everyBudget.Where(r => r.Result.Environment == g.Environment && r.Result.Budget == g.Budget)))
            .ToArray();

    /// <summary>
    /// The generated Markdown: Tables 1, 2, 3, 12, 13, the final returns of extended runs at each budget, the progress of
    /// each run at a cut, the ITT variants (one table per task and budget), and the figures. <paramref name="data"/> holds
    /// each run once, at its longest budget; <paramref name="everyBudget"/> each run at every budget it finished.
    /// </summary>
    public static string Render(ComparisonData data, ComparisonData everyBudget, IReadOnlyList<ComparisonData> variants, IReadOnlyList<string> figureLinks)
    {
        var everyMain = Only(data, r => Main.Contains(r.Result.Architecture));
        var main = MatchedBudgets(Only(everyBudget, r => Main.Contains(r.Result.Architecture)));
        var sb = new StringBuilder();
        sb.Append('\n').Append(Table1(main, everyMain).ToMarkdown()).Append('\n');
        sb.Append(Table2(main).ToMarkdown()).Append('\n');
        sb.Append(Table3(Only(data, r => r.Result.Architecture is "itt" or "itt-rft" or "explicit"
            && PaperTask.All.Any(t => t.Environment == r.Result.Environment && t.Steps is not null))).ToMarkdown()).Append('\n');
        sb.Append(FinalReturnTTestTable.Build(main).ToMarkdown()).Append('\n');
        sb.Append(IterationsToIotTable.Build(main).ToMarkdown()).Append('\n');
        if (ByBudget(Only(everyBudget, r => Main.Contains(r.Result.Architecture))) is { } byBudget) sb.Append(byBudget.ToMarkdown()).Append('\n');
        // Runs given an iteration count rather than the preset (a cut, or a cut extended to the preset's budget), one by
        // one: whether each was still climbing or had levelled off.
        var atCuts = Only(everyMain, r => r.Result.Budget != "preset");
        if (atCuts.Runs.Count > 0)
            sb.Append((RunProgressTable.Build(atCuts) with { Title = "Runs at a labelled cut, or extended from one · progress of each run" }).ToMarkdown()).Append('\n');
        foreach (var group in variants)
        {
            var first = group.Runs[0].Result;
            string runs = $"ITT variants on {first.Environment}, {(ComparisonBudget.IsPresetLabel(first.Environment, first.Budget) ? "preset budget" : $"cut: {first.Budget}")}";
            sb.Append((FinalReturnTable.Build(group) with { Title = $"Tables 10–11 analogue · {runs} (final return, mean ± std over seeds)" }).ToMarkdown()).Append('\n');
            sb.Append((FinalReturnTTestTable.Build(group) with { Title = $"Tables 10–11 analogue · {runs} (paired t-tests against ITT)" }).ToMarkdown()).Append('\n');
            sb.Append(VariantWallClock(group, $"Tables 4 and 8 analogue · {runs} (training wall-clock)").ToMarkdown()).Append('\n');
            sb.Append(VariantRuns(group, $"Tables 4 and 8 analogue · {runs} (each variant run)").ToMarkdown()).Append('\n');
        }
        sb.Append("### Learning curves\n\nReturn of θ against iteration: line = mean over seeds, band = 10th–90th percentile; dashed lines = the paper's " +
                  "final returns (Table 1) in the same colours. The mean stops where the shortest run does; where some runs of a task go further " +
                  "(a step being extended seed by seed), a second figure draws each of them on from there, one line per run.\n\n");
        foreach (var link in figureLinks) sb.Append(link).Append("\n\n");
        return sb.ToString();
    }

    private static ComparisonData Only(ComparisonData data, Func<RunRecord, bool> keep) => ComparisonData.From(data.Runs.Where(keep));

    /// <summary>
    /// One budget per task, so that final returns compare like with like while a step is being extended seed by seed
    /// (seed 1 at 2,000 iterations beside seeds still at 1,000), from every run at every budget it finished: the longest
    /// budget at which every seed of every architecture has a result; failing that, the longest at which every
    /// architecture has one. A task with neither keeps each run's longest budget, and the table labels every budget.
    /// </summary>
    private static ComparisonData MatchedBudgets(ComparisonData everyBudget) =>
        ComparisonData.From(everyBudget.Runs.GroupBy(r => r.Result.Environment).SelectMany(task =>
        {
            var architectures = task.Select(r => r.Result.Architecture).Distinct().ToArray();
            var seeds = architectures.ToDictionary(a => a, a => task.Where(r => r.Result.Architecture == a).Select(r => r.Result.Seed).ToHashSet());
            var budgets = task.GroupBy(r => r.Result.Budget).OrderByDescending(budget => budget.Max(r => r.Result.Iterations)).ToArray();
            return (IEnumerable<RunRecord>?)budgets.FirstOrDefault(budget => architectures.All(a => seeds[a].SetEquals(budget.Where(r => r.Result.Architecture == a).Select(r => r.Result.Seed))))
                ?? (IEnumerable<RunRecord>?)budgets.FirstOrDefault(budget => architectures.All(a => budget.Any(r => r.Result.Architecture == a)))
                ?? LongestBudget(task).Runs;
        }));

    /// <summary>
    /// Final returns at every budget of the tasks whose runs finished at more than one (a cut, then a longer pass over the
    /// same runs): how each architecture moved on between cuts. Null when no task has such runs.
    /// </summary>
    private static ReportTable? ByBudget(ComparisonData everyBudget)
    {
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var task in everyBudget.Runs.GroupBy(r => r.Result.Environment).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!task.GroupBy(r => (r.Result.Architecture, r.Result.Seed)).Any(run => run.Count() > 1)) continue;
            foreach (var budget in task.GroupBy(r => r.Result.Budget).OrderBy(b => b.Max(r => r.Result.Iterations)))
            {
                var row = new List<Cell> { task.Key, budget.Key };
                foreach (var arch in Main)
                {
                    var finals = budget.Where(r => r.Result.Architecture == arch).OrderBy(r => r.Result.Seed).Select(r => r.Result.FinalMean).ToArray();
                    var (mean, std) = Summary.MeanStd(finals);
                    row.Add(finals.Length == 0 ? new Cell("–", "")
                        : new Cell($"{ReportFormat.MeanStd(mean, std, finals.Length)} ({finals.Length})", ReportFormat.Raw(mean)));
                }
                rows.Add(row);
            }
        }
        return rows.Count == 0 ? null : new ReportTable("results-by-budget", "Runs extended past a cut · final return at each budget",
            "Each run's final return (its θ at that many iterations over 10 evaluation episodes seeded apart from training), mean ± " +
            "population std over the seeds finished at that budget (how many in brackets). A longer pass resumes a run from its checkpoint, " +
            "so every budget of a task's row block is the same runs, later; the result a run had at a shorter budget is kept beside it " +
            "(`results-<iterations>.json`).",
            ["task", "budget", "ITT", "IOT", "explicit"], rows);
    }

    /// <summary>Table 1 from <paramref name="data"/> (one budget per task); <paramref name="every"/> holds every run of the main architectures, including those left out, which the budget column counts.</summary>
    private static ReportTable Table1(ComparisonData data, ComparisonData every)
    {
        string[] headers = ["task (paper)", "ours", "ITT (ours)", "ITT (paper)", "IOT (ours)", "IOT (paper)", "explicit (ours)", "explicit (paper)",
            "seeds", "budget (ours)", "order (ours)", "order (paper)", "agrees"];
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var task in PaperTask.All)
        {
            var finals = Main.Select(a => data.Of(task.Environment, a).Select(r => r.Result.FinalMean).ToArray()).ToArray();
            var ours = finals.Select(Summary.MeanStd).ToArray();
            var paper = Main.Select(a => task.FinalOf(a)).ToArray();
            var ourStyles = ReportFormat.RankBestSecond(ours.Select(s => s.Mean).ToArray());
            var paperStyles = ReportFormat.RankBestSecond(paper.Select(p => p?.Mean ?? double.NaN).ToArray());
            var row = new List<Cell> { task.PaperName, task.Environment };
            for (int i = 0; i < Main.Length; i++)
            {
                row.Add(double.IsNaN(ours[i].Mean) ? new Cell("pending", "")
                    : new Cell(ReportFormat.MeanStd(ours[i].Mean, ours[i].Std, finals[i].Length), ReportFormat.Raw(ours[i].Mean), ourStyles[i]));
                row.Add(paper[i] is { } p ? new Cell($"{ReportFormat.Return(p.Mean)} ± {ReportFormat.Return(p.Std)}", ReportFormat.Raw(p.Mean), paperStyles[i]) : new Cell("–", ""));
            }
            row.Add(string.Join("/", Main.Select(a => data.Of(task.Environment, a).Count)));
            var budgets = data.BudgetsOf(task.Environment);
            int leftOut = Main.Sum(a => every.Of(task.Environment, a).Count - data.Of(task.Environment, a).Count);
            row.Add((budgets.Count == 0 ? "–" : string.Join("; ", budgets.Select(b => ComparisonBudget.IsPresetLabel(task.Environment, b) ? "preset" : $"**cut: {b}**")))
                + (leftOut > 0 ? $" ({leftOut} {(leftOut == 1 ? "run" : "runs")} at other budgets left out)" : ""));
            string? ourOrder = Order(ours.Select(s => s.Mean).ToArray()), paperOrder = Order(paper.Select(p => p?.Mean ?? double.NaN).ToArray());
            row.Add(ourOrder ?? "–");
            row.Add(paperOrder ?? "–");
            row.Add(ourOrder is null || paperOrder is null ? "–" : Agrees(ours.Select(s => s.Mean).ToArray(), paper.Select(p => p!.Value.Mean).ToArray()));
            rows.Add(row);
        }
        return new ReportTable("results-table1", "Table 1 · final return, ours beside the paper's",
            "Ours: mean ± population std over seeds (the mean alone over one seed) of each run's final return (its final θ over 10 evaluation episodes seeded apart from training). " +
            "Paper: its Table 1 (10 seeds, the v2 ids of Gym, PyBullet's InvertedPendulum). Best bold and second underlined within each source. " +
            "`seeds`: runs per architecture (ITT/IOT/explicit); `budget`: `preset` is the paper's iteration budget (or ours where it gives none, " +
            "see `itt envs`), whether by default or asked for by its iteration count; **cut** marks fewer iterations; where a task's runs end at different budgets (a step being extended seed by seed), " +
            "Tables 1, 2, 12 and 13 use the longest budget at which every seed of every architecture has a result (a run extended past it keeps " +
            "its result there), failing that the longest at which every architecture has one, and say how many runs that leaves out " +
            "(Table 3 and the curves use each run at its longest budget). `agrees`: every pair of architectures the paper orders strictly is ordered the same " +
            "way here (at two decimals); otherwise the pairs that differ. `pending`: not yet run by the campaign (`experiments/campaign.sh`).",
            headers, rows);
    }

    /// <summary>"itt > explicit > iot" by mean (equal at two decimals: "="), or null when a value is missing.</summary>
    private static string? Order(double[] means)
    {
        if (means.Any(double.IsNaN)) return null;
        var ranked = Main.Zip(means.Select(m => Math.Round(m, 2))).OrderByDescending(p => p.Second).ToArray();
        var sb = new StringBuilder(ranked[0].First);
        for (int i = 1; i < ranked.Length; i++)
            sb.Append(ranked[i].Second == ranked[i - 1].Second ? " = " : " > ").Append(ranked[i].First);
        return sb.ToString();
    }

    private static string Agrees(double[] ours, double[] paper)
    {
        var differ = new List<string>();
        for (int a = 0; a < Main.Length; a++)
            for (int b = 0; b < Main.Length; b++)
                if (Math.Round(paper[a], 2) > Math.Round(paper[b], 2) && !(Math.Round(ours[a], 2) > Math.Round(ours[b], 2)))
                    differ.Add($"{Main[a]} > {Main[b]}");
        return differ.Count == 0 ? "yes" : "no (" + string.Join(", ", differ) + ")";
    }

    private static ReportTable Table2(ComparisonData data)
    {
        string[] headers = ["task", "ITT (ms/it)", "IOT (ms/it)", "explicit (ms/it)", "ITT/IOT (ours)", "ITT/IOT (paper)", "explicit/IOT (ours)", "explicit/IOT (paper)",
            "ITT/IOT per step (ours)", "explicit/IOT per step (ours)", "machines"];
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var task in PaperTask.All.Where(t => data.Environments.Contains(t.Environment)))
        {
            var perIteration = Main.Select(a => MillisecondsPerIteration(data.Of(task.Environment, a))).ToArray();
            var row = new List<Cell> { task.Environment };
            row.AddRange(perIteration.Select(TwoDecimals));
            row.Add(Ratio(perIteration[0], perIteration[1]));
            row.Add(task.Hours is { } h ? Ratio(h.Itt, h.Iot) : "–");
            row.Add(Ratio(perIteration[2], perIteration[1]));
            row.Add(task.Hours is { } g ? Ratio(g.Explicit, g.Iot) : "–");
            // Per environment step: iterations of policies that fall early are short, so per-iteration time mixes step cost with episode length.
            var perStep = Main.Select(a => MicrosecondsPerStep(data.Of(task.Environment, a))).ToArray();
            row.Add(Ratio(perStep[0], perStep[1]));
            row.Add(Ratio(perStep[2], perStep[1]));
            row.Add(RunRecord.MachineCount(Main.SelectMany(a => data.Of(task.Environment, a))));
            rows.Add(row);
        }
        return new ReportTable("results-table2", "Table 2 · training wall-clock per iteration, and the ratios the paper's hours give",
            "Milliseconds inside the ES iterations (rollouts, gradient, update) per iteration run, mean over seeds; runs one at a time, " +
            "with one or two rollout threads (the campaign's setting changed between sessions; a row may mix them), on shared 2-core machines, so absolute values " +
            "are noisy and only ratios within a row compare roughly. The campaign's sessions have not all run on the same machine: `machines` counts those that " +
            "trained a row's runs (each run folder's machines.csv names them; `unrecorded`: iterations trained before run folders recorded them), and a row " +
            "trained on more than one compares only as far as their speeds do; `itt bench wallclock` measures the three side by " +
            "side in one process (docs/benchmarks.md). Paper: ratios of its Table 2 hours (24 CPUs, whole budgets). An iteration's time depends on how long its episodes " +
            "last (a lander that crashes early costs little), so the last two columns divide by environment steps instead: the cost of a step.",
            headers, rows);
    }

    /// <summary>
    /// Tables 4 and 8 analogue for one group of variant runs: each architecture's training time per iteration and per
    /// environment step, both as a ratio to ITT's, and a paired t-test of the time per step against ITT's, from the
    /// campaign's own runs.
    /// </summary>
    private static ReportTable VariantWallClock(ComparisonData group, string title)
    {
        string environment = group.Runs[0].Result.Environment;
        var itt = group.Of(environment, "itt");
        double ittPerIteration = MillisecondsPerIteration(itt), ittPerStep = MicrosecondsPerStep(itt);
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var architecture in group.Architectures)
        {
            var runs = group.Of(environment, architecture);
            double perIteration = MillisecondsPerIteration(runs), perStep = MicrosecondsPerStep(runs);
            // ITT is the reference: its own row has no test.
            var test = architecture == FinalReturnTTestTable.Reference ? new Cell("–", "") : PerStepTest(group, environment, architecture);
            rows.Add([architecture, TwoDecimals(perIteration), TwoDecimals(perStep), Ratio(perIteration, ittPerIteration), Ratio(perStep, ittPerStep), test,
                runs.Count.ToString(CultureInfo.InvariantCulture), RunRecord.MachineCount(runs)]);
        }
        return new ReportTable("results-variant-wall-clock", title,
            "Training time inside the ES iterations (rollouts, gradient, update), mean over seeds: per iteration, and per environment step " +
            "(an iteration whose episodes end early is short, so the step is the fairer unit); each beside ITT's at the same budget. " +
            "The paper's Tables 4 and 8 time ITT-SRP against IOT and ITT-lazy against ITT at a fixed budget on 24–30 CPUs; these are " +
            "the campaign's runs with the preset's A* sampling, so an index (SRP, RFT) is rebuilt whenever A* is redrawn. Noisy as Table 2 is " +
            "(shared 2-core machines, one or two rollout threads); `machines` as there; `itt bench search` and `itt bench lazy` time them side by side. " +
            "p: two-sided paired t-test of the µs per step against ITT's, pairs formed by seed, as the paper's Tables 4 and 8 test their " +
            "fixed-step budgets (p < 0.05 underlined; N/A: fewer than two pairs); runs trained on different machines or thread counts make it weak evidence.",
            ["architecture", "ms/it", "µs/step", "ms/it ÷ ITT's", "µs/step ÷ ITT's", "p (µs/step)", "runs", "machines"], rows);
    }

    /// <summary>
    /// The variant runs of a group one by one (ITT, IOT and explicit, whose means Table 2 gives, left out): the environment steps and
    /// training seconds behind the means of <see cref="VariantWallClock"/>, so that a ratio can be read seed by seed.
    /// </summary>
    private static ReportTable VariantRuns(ComparisonData group, string title)
    {
        string environment = group.Runs[0].Result.Environment;
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var architecture in group.Architectures.Where(a => !Main.Contains(a)))
            foreach (var run in group.Of(environment, architecture))
                rows.Add([architecture, ReportFormat.Count((long)run.Result.Seed), ReportFormat.Count(run.Result.EnvironmentSteps),
                    TwoDecimals(run.Result.WallClockSeconds), TwoDecimals(MicrosecondsPerStep(run)),
                    TwoDecimals(run.Result.FinalMean), RunRecord.MachineCount([run])]);
        return new ReportTable("results-variant-runs", title,
            "One row per run: environment steps of all its rollouts and evaluation episodes, training seconds inside the ES " +
            "iterations, their ratio per step, and the final return (as in the tables above). Episode lengths follow the policy " +
            "learnt, so runs of one architecture differ in steps; `machines` as in Table 2.",
            ["architecture", "seed", "environment steps", "training s", "µs/step", "final return", "machines"], rows);
    }

    /// <summary>The paired t-test (by seed) of an architecture's µs per step against ITT's, as a p-value cell.</summary>
    private static Cell PerStepTest(ComparisonData group, string environment, string architecture)
    {
        var (variant, reference) = group.Paired(environment, architecture, FinalReturnTTestTable.Reference, MicrosecondsPerStep);
        return FinalReturnTTestTable.PValueCell(PairedTTest.Run(variant, reference));
    }

    /// <summary>Milliseconds inside the ES iterations per iteration run, mean over the runs (NaN for none).</summary>
    private static double MillisecondsPerIteration(IEnumerable<RunRecord> runs) =>
        runs.Select(r => 1000 * r.Result.WallClockSeconds / Math.Max(1, r.Result.Iterations)).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Microseconds inside the ES iterations per environment step, mean over the runs (NaN for none).</summary>
    private static double MicrosecondsPerStep(IEnumerable<RunRecord> runs) => runs.Select(MicrosecondsPerStep).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Microseconds inside the ES iterations per environment step of one run.</summary>
    private static double MicrosecondsPerStep(RunRecord run) => 1e6 * run.Result.WallClockSeconds / Math.Max(1, run.Result.EnvironmentSteps);

    private static Cell TwoDecimals(double v) => new(double.IsNaN(v) ? "–" : v.ToString("0.00", CultureInfo.InvariantCulture), ReportFormat.Raw(v));

    private static Cell Ratio(double a, double b) => TwoDecimals(b == 0 ? double.NaN : a / b);

    /// <summary>The architectures of the paper's Table 3 (ES there is the explicit policy).</summary>
    private static readonly string[] Table3Architectures = ["itt", "itt-rft", "explicit"];

    private static ReportTable Table3(ComparisonData data)
    {
        var ours = StepsToThresholdTable.Build(data);
        var headers = new List<string> { "environment", "reward threshold", "source" };
        var ourColumns = Table3Architectures.SelectMany(a => StepsToThresholdTable.ReadingNames.Select(r => $"{a} ({r})")).ToArray();
        headers.AddRange(ourColumns);
        headers.AddRange(["ITT (paper)", "ITT-RFT (paper)", "ES (paper)"]);
        var ourHeaders = ours.Headers.ToList();
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var task in PaperTask.All.Where(t => t.Steps is not null))
        {
            var steps = task.Steps!.Value;
            var found = ours.Rows.FirstOrDefault(r => r[0].Text == task.Environment);
            var row = new List<Cell> { task.Environment, new(ReportFormat.Return(steps.Threshold), ReportFormat.Raw(steps.Threshold)), "paper, Table 3" };
            foreach (var architecture in Table3Architectures)
                foreach (var reading in StepsToThresholdTable.ReadingNames)
                {
                    // A column exists once any task has runs of its architecture. A task without them says "not run",
                    // not "pending": the campaign's plan runs itt-rft for Table 3 on Hopper-v4 alone.
                    int index = ourHeaders.IndexOf($"{architecture} ({reading})");
                    bool ran = found is not null && index >= 0 && data.Of(task.Environment, architecture).Count > 0;
                    row.Add(ran ? found![index] : new Cell("not run", ""));
                }
            row.AddRange([ReportFormat.Steps(steps.Itt), ReportFormat.Steps(steps.IttRft), ReportFormat.Steps(steps.Es)]);
            rows.Add(row);
        }
        return ours with { Id = "results-table3", Headers = headers, Rows = rows,
            Notes = ours.Notes + " Paper: its Table 3 (6 seeds; ES = explicit policies as reported by Salimans et al. 2017). `not run`: no runs of that architecture on the task." };
    }

    private static void SaveFigure(ComparisonData data, PaperTask task, string path)
    {
        var archs = FigureArchitectures(data, task);
        var series = archs.Select(a => LearningCurveFigure.Series(LearningCurveFigure.Label(a, data.Of(task.Environment, a).Count), data.Of(task.Environment, a))).ToArray();
        var references = archs.Select((a, i) => (Arch: a, Index: i)).Where(p => task.FinalOf(p.Arch) is not null)
            .Select(p => new ReferenceLine($"{p.Arch}, paper", task.FinalOf(p.Arch)!.Value.Mean, p.Index)).ToArray();
        LearningCurvePlot.Save(path, $"{task.Environment} (paper: {task.PaperName}): return of θ", "iteration", "return of θ (eval_return)", series,
            references: references);
    }

    /// <summary>The architectures of a task's learning-curve figure, in the order that gives each its colour.</summary>
    private static string[] FigureArchitectures(ComparisonData data, PaperTask task) =>
        data.Architectures.Where(a => data.Of(task.Environment, a).Count > 0).ToArray();

    /// <summary>
    /// While some runs of the main architectures go past the shortest of them (a step extended seed by seed), the mean
    /// curves stop where the shortest does; this figure draws each longer run on from there, in its architecture's
    /// colour, on a scale that shows the extension. Returns the iteration it starts at, or null (and writes nothing)
    /// when every run is as long as the shortest.
    /// </summary>
    private static int? SaveRunsFigure(ComparisonData data, PaperTask task, string path)
    {
        var runs = data.Runs.Where(r => r.Result.Environment == task.Environment && Main.Contains(r.Result.Architecture)).ToArray();
        if (runs.Length == 0) return null;
        int from = runs.Min(r => r.Metrics.Count);
        if (runs.All(r => r.Metrics.Count == from)) return null;
        var archs = FigureArchitectures(data, task);
        var series = Main.Where(archs.Contains)
            .SelectMany(a => LearningCurveFigure.RunsPast(a, runs.Where(r => r.Result.Architecture == a), from, Array.IndexOf(archs, a))).ToArray();
        LearningCurvePlot.Save(path, $"{task.Environment}: return of θ of each run past iteration {from}", "iteration", "return of θ (eval_return)", series);
        return from;
    }
}
