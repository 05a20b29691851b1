using System.Runtime.InteropServices;
using System.Text;
using Itt.Experiments.Comparison;
using Itt.Training.Checkpoints;

namespace Itt.Experiments.Reports;

/// <summary>
/// Writes every report of a comparison into one folder: each table as Markdown and CSV, one learning-curve PNG per
/// environment, and <c>README.md</c> gathering them with the command and machine that produced them.
/// </summary>
public static class ComparisonReport
{
    /// <summary>The tables, in the order the report shows them.</summary>
    public static IReadOnlyList<ReportTable> Tables(ComparisonData data, IReadOnlyDictionary<string, double>? thresholds = null) =>
    [
        FinalReturnTable.Build(data),
        WallClockTable.Build(data),
        FinalReturnTTestTable.Build(data),
        IterationsToIotTable.Build(data),
        StepsToThresholdTable.Build(data, thresholds),
        RunProgressTable.Build(data),
    ];

    /// <summary>A one-line description of this machine (cores, OS, runtime).</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>The file in a comparison folder listing, one per line, the commands that trained its runs or wrote its report.</summary>
    public const string CommandsFile = "commands.txt";

    /// <summary>Appends <paramref name="command"/> to the comparison's command log (once), so that reports name what produced them.</summary>
    public static void RecordCommand(string comparisonFolder, string command)
    {
        Directory.CreateDirectory(comparisonFolder);
        string path = Path.Combine(comparisonFolder, CommandsFile);
        if (File.Exists(path) && File.ReadLines(path).Contains(command)) return;
        File.AppendAllText(path, command + "\n");
    }

    /// <summary>Writes the reports into the <c>report/</c> folder of <paramref name="comparisonFolder"/> and returns the paths written.</summary>
    /// <param name="data">The finished runs.</param>
    /// <param name="comparisonFolder">The comparison folder; its command log is quoted in the header.</param>
    /// <param name="thresholds">Reward thresholds overriding the registry's (Tables 3 and 9).</param>
    public static IReadOnlyList<string> Write(ComparisonData data, string comparisonFolder, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        string folder = Path.Combine(comparisonFolder, "report");
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var index = new StringBuilder();
        index.Append("# Comparison report\n\n");
        string log = Path.Combine(comparisonFolder, CommandsFile);
        foreach (var command in File.Exists(log) ? File.ReadLines(log).Where(l => l.Length > 0) : [])
            index.Append($"- command: `{command}`\n");
        // No timestamp: a report regenerated from the same committed runs is the same file, bit for bit.
        index.Append($"- written on: {Machine()}\n");
        index.Append($"- runs: {data.Runs.Count} finished ({string.Join(", ", data.Environments)}; {string.Join(", ", data.Architectures)})\n");
        var cut = data.Environments.Where(e => data.BudgetsOf(e).Any(b => !ComparisonBudget.IsPresetLabel(e, b))).ToArray();
        index.Append(cut.Length == 0
            ? "- budget: the paper presets' iteration counts for every run\n"
            : $"- budget: **cheaper pass** on {string.Join(", ", cut.Select(e => $"{e} ({string.Join("; ", data.BudgetsOf(e))})"))}" +
              (cut.Length < data.Environments.Count ? "; the rest at the presets' budgets\n" : "\n"));
        index.Append('\n');
        foreach (var table in Tables(data, thresholds))
        {
            AtomicFile.WriteAllText(Path.Combine(folder, table.Id + ".md"), table.ToMarkdown());
            AtomicFile.WriteAllText(Path.Combine(folder, table.Id + ".csv"), table.ToCsv());
            written.Add(Path.Combine(folder, table.Id + ".md"));
            written.Add(Path.Combine(folder, table.Id + ".csv"));
            index.Append(table.ToMarkdown()).Append('\n');
        }
        index.Append("### Learning curves (Figures 3 and 4)\n\n");
        index.Append("Return of θ (`eval_return`, averaged over each run's evaluation episodes) against iteration: line = mean over seeds, band = 10th–90th percentile " +
                     "(linear interpolation between order statistics, Hyndman–Fan type 7 as NumPy's default). Curves stop at the shortest run.\n\n");
        foreach (var file in LearningCurveFigure.Save(data, folder))
        {
            index.Append($"![{file}]({file})\n\n");
            written.Add(Path.Combine(folder, file));
        }
        AtomicFile.WriteAllText(Path.Combine(folder, "README.md"), index.ToString());
        written.Add(Path.Combine(folder, "README.md"));
        return written;
    }
}
