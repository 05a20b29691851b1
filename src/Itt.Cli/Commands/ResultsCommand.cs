using System.CommandLine;
using Itt.Experiments.Results;

namespace Itt.Cli.Commands;

/// <summary>
/// <c>itt results</c>: regenerates the results page (<c>docs/results.md</c>, between its markers, and its figures) from
/// the committed campaign runs.
/// </summary>
public static class ResultsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var campaign = new Option<string>("--campaign") { Description = "The campaign folder whose */runs hold the runs.", DefaultValueFactory = _ => "comparisons/campaign" };
        var page = new Option<string>("--out") { Description = "The results page; only the part between its results markers is rewritten.", DefaultValueFactory = _ => "docs/results.md" };
        var command = new Command("results", "Regenerate the results page (paper tasks beside the paper's tables, learning curves) from the campaign's runs.");
        command.Options.Add(campaign);
        command.Options.Add(page);
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(campaign)!, path = parse.GetValue(page)!;
            if (!Directory.Exists(folder)) throw new UsageException($"--campaign: no folder '{folder}'");
            if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path)) throw new UsageException($"--out: '{path}' is not a file path");
            var (files, runs) = ResultsPage.Write(folder, path);
            context.Output.WriteLine($"wrote {path} and {files.Count - 1} figures from {runs} finished runs");
            return 0;
        });
        return command;
    }
}
