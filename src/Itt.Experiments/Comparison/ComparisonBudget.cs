using Itt.Training.Presets;
using System.Globalization;

namespace Itt.Experiments.Comparison;

/// <summary>
/// How long each run trains: the preset's iteration count, or a cheaper pass capped by <paramref name="Iterations"/>
/// and/or <paramref name="WallClockSeconds"/> (training seconds per run). Results of a cheaper pass are labelled.
/// </summary>
/// <param name="Iterations">Iteration cap replacing the preset's budget, or null.</param>
/// <param name="WallClockSeconds">Per-run training time after which a run stops at the end of its iteration, or null.</param>
public sealed record ComparisonBudget(int? Iterations = null, double? WallClockSeconds = null)
{
    /// <summary>True when this is the paper's preset budget.</summary>
    public bool IsPreset => Iterations is null && WallClockSeconds is null;

    /// <summary>A label stored with every run and shown in reports ("preset", "20 iterations", "wall-clock 60 s").</summary>
    public string Label
    {
        get
        {
            if (IsPreset) return "preset";
            var parts = new List<string>();
            if (Iterations is int n) parts.Add(n.ToString(CultureInfo.InvariantCulture) + " iterations");
            if (WallClockSeconds is double s) parts.Add("wall-clock " + s.ToString("0.###", CultureInfo.InvariantCulture) + " s");
            return string.Join(", ", parts);
        }
    }

    /// <summary>
    /// Whether a stored budget <paramref name="label"/> is the preset's for <paramref name="environment"/>: "preset", or
    /// the preset's iteration count asked for by number (the campaign extends a cut to the paper's budget that way).
    /// </summary>
    public static bool IsPresetLabel(string environment, string label) =>
        label == "preset" || PaperPresets.Find(environment) is { } preset && label == new ComparisonBudget(preset.Iterations).Label;

    /// <summary>A one-line description of an invalid setting, or null.</summary>
    public string? Validate()
    {
        if (Iterations is < 1) return $"--iterations must be at least 1 (got {Iterations})";
        if (WallClockSeconds is double s && !(s > 0 && double.IsFinite(s))) return $"--wall-clock must be a number of seconds > 0 (got {s})";
        return null;
    }
}
