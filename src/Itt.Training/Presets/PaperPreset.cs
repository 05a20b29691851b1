using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Training.Configuration;

namespace Itt.Training.Presets;

/// <summary>
/// The paper's settings for one environment: σ per architecture (Table 5), layer counts (Table 7, checked
/// against the parameter counts of Table 6), iterations and M.
/// </summary>
public sealed record PaperPreset
{
    /// <summary>Environment id.</summary>
    public required string Environment { get; init; }

    /// <summary>σ for ITT, IOT and explicit (Table 5).</summary>
    public required (double Itt, double Iot, double Explicit) Sigma { get; init; }

    /// <summary>ITT state-tower layers.</summary>
    public required int StateLayers { get; init; }

    /// <summary>ITT action-tower layers.</summary>
    public required int ActionLayers { get; init; }

    /// <summary>IOT energy-network layers.</summary>
    public required int OneTowerLayers { get; init; }

    /// <summary>Explicit-network layers.</summary>
    public required int ExplicitLayers { get; init; }

    /// <summary>Iteration budget.</summary>
    public required int Iterations { get; init; }

    /// <summary>Where the budget comes from (the paper, or our choice where it gives none).</summary>
    public required string IterationSource { get; init; }

    /// <summary>Hidden and latent width (null: the action dimension, the paper's Gym rule).</summary>
    public int? Width { get; init; }

    /// <summary>All layers linear (the paper's Swimmer setting).</summary>
    public bool Linear { get; init; }

    /// <summary>M (null: M = D).</summary>
    public int? Perturbations { get; init; }

    /// <summary>N.</summary>
    public int ActionSamples { get; init; } = 1000;

    /// <summary>When A* is drawn.</summary>
    public CandidateSampling Sampling { get; init; } = CandidateSampling.PerStep;

    /// <summary>D for ITT, IOT and explicit in Table 6 (null where our environment differs from the paper's).</summary>
    public (int Itt, int Iot, int Explicit)? ExpectedParameters { get; init; }

    /// <summary>σ of <paramref name="kind"/>.</summary>
    public double SigmaFor(PolicyKind kind) => kind switch
    {
        PolicyKind.Itt => Sigma.Itt,
        PolicyKind.Iot => Sigma.Iot,
        _ => Sigma.Explicit,
    };

    /// <summary>The layer options of <paramref name="kind"/>.</summary>
    public LayerOptions LayersFor(PolicyKind kind) => new(Width, Width, StateLayers, ActionLayers,
        kind == PolicyKind.Iot ? OneTowerLayers : ExplicitLayers, Linear);

    /// <summary>A full training configuration for <paramref name="kind"/> and <paramref name="seed"/>.</summary>
    public TrainingConfig ConfigFor(PolicyKind kind, ulong seed) => new()
    {
        Environment = Environment,
        Policy = kind,
        Seed = seed,
        Iterations = Iterations,
        Sigma = SigmaFor(kind),
        Perturbations = Perturbations,
        ActionSamples = ActionSamples,
        ActionSampling = Sampling,
        Layers = LayersFor(kind),
    };
}
