using Itt.Training.Presets;
using Itt.Policies;
using Itt.Policies.Indexes;
using Itt.Training.Configuration;

namespace Itt.Experiments.Comparison;

/// <summary>
/// One column of a comparison: a policy family plus the settings that make a variant of it, applied on top of the
/// paper's preset for the environment.
/// </summary>
/// <param name="Name">Name used on the command line, in run folders and in reports (e.g. <c>itt-srp</c>).</param>
/// <param name="Kind">Policy family whose preset (σ, layers) the variant starts from.</param>
/// <param name="Description">What the variant changes, for reports.</param>
/// <param name="Adjust">Changes the preset's configuration into the variant's.</param>
public sealed record ComparisonArchitecture(string Name, PolicyKind Kind, string Description, Func<TrainingConfig, TrainingConfig> Adjust)
{
    /// <summary>ITT, IOT and explicit: the paper's main comparison (Table 1).</summary>
    public static readonly ComparisonArchitecture Itt = new("itt", PolicyKind.Itt, "implicit two-tower, exact argmax", c => c);

    /// <summary>The implicit one-tower baseline.</summary>
    public static readonly ComparisonArchitecture Iot = new("iot", PolicyKind.Iot, "implicit one-tower (energy network on [s, a])", c => c);

    /// <summary>The explicit MLP baseline.</summary>
    public static readonly ComparisonArchitecture Explicit = new("explicit", PolicyKind.Explicit, "explicit MLP s → a", c => c);

    /// <summary>Every architecture, in report order.</summary>
    public static readonly IReadOnlyList<ComparisonArchitecture> All =
    [
        Itt, Iot, Explicit,
        // Appendix C.2: m = 6 hash bits on HalfCheetah, 3 elsewhere.
        new("itt-srp", PolicyKind.Itt, "ITT with signed-random-projection index (m = 6 on HalfCheetah, else 3)",
            c => c with { Index = Srp(c) }),
        // Table 11: θ trained exactly as `itt` (the same hash, so the same θ), final returns measured through SRP.
        new("itt-infer-srp", PolicyKind.Itt, "ITT trained with brute-force argmax, final returns measured with the SRP index (Table 11)",
            c => c with { InferenceIndex = Srp(c) }),
        // Appendix B.2: the tree assigns an action by sampling down it (Lemma B.1), the softmax of eq. 3 in O(m log N).
        new("itt-rft", PolicyKind.Itt, "ITT with a random-feature-tree index, sampling down the tree as Lemma B.1 does (softmax in O(m log N))",
            c => c with { Index = c.Index with { Kind = IndexKind.RandomFeatureTree }, Selection = ActionSelection.Softmax }),
        new("itt-lazy", PolicyKind.Itt, "ITT with lazy action-tower updates every 5 iterations",
            c => c with { ActionTowerEvery = 5 }),
        new("itt-norm", PolicyKind.Itt, "ITT with observation normalisation (ARS: running mean and std, frozen per iteration)",
            c => c with { NormalizeObservations = true }),
    ];

    /// <summary>Appendix C.2's SRP index: m = 6 hash bits on HalfCheetah, 3 elsewhere.</summary>
    private static IndexOptions Srp(TrainingConfig c)
        => c.Index with { Kind = IndexKind.Srp, HashBits = c.Environment.StartsWith("HalfCheetah", StringComparison.Ordinal) ? 6 : 3 };

    /// <summary>The names accepted by <see cref="Find"/>.</summary>
    public static IEnumerable<string> Names => All.Select(a => a.Name);

    /// <summary>The architecture called <paramref name="name"/>, or null.</summary>
    public static ComparisonArchitecture? Find(string name) => All.FirstOrDefault(a => a.Name == name.ToLowerInvariant());

    /// <summary>Position in <see cref="All"/> (report order).</summary>
    public int Order => All.ToList().FindIndex(a => a.Name == Name);

    /// <summary>The variant's configuration for <paramref name="preset"/> and <paramref name="seed"/>.</summary>
    public TrainingConfig ConfigFor(PaperPreset preset, ulong seed) => Adjust(preset.ConfigFor(Kind, seed));
}
