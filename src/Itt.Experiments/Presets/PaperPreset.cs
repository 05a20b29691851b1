using Itt.Policies;
using Itt.Training.Configuration;

namespace Itt.Experiments.Presets;

/// <summary>
/// The paper's settings for one environment: σ per architecture (Table 5), layer counts (Table 7, checked
/// against the parameter counts of Table 6), iterations and M.
/// </summary>
/// <param name="Environment">Environment id.</param>
/// <param name="Sigma">σ for ITT, IOT and explicit (Table 5).</param>
/// <param name="StateLayers">ITT state-tower layers.</param>
/// <param name="ActionLayers">ITT action-tower layers.</param>
/// <param name="OneTowerLayers">IOT energy-network layers.</param>
/// <param name="ExplicitLayers">Explicit-network layers.</param>
/// <param name="Iterations">Iteration budget.</param>
/// <param name="IterationSource">Where the budget comes from (the paper, or our choice where it gives none).</param>
/// <param name="Width">Hidden and latent width (null: the action dimension, the paper's Gym rule).</param>
/// <param name="Linear">All layers linear (the paper's Swimmer setting).</param>
/// <param name="Perturbations">M (0: M = D).</param>
/// <param name="ActionSamples">N.</param>
/// <param name="Sampling">When A* is drawn.</param>
/// <param name="ExpectedParameters">D for ITT, IOT and explicit in Table 6 (null where our environment differs from the paper's).</param>
public sealed record PaperPreset(string Environment, (double Itt, double Iot, double Explicit) Sigma,
    int StateLayers, int ActionLayers, int OneTowerLayers, int ExplicitLayers, int Iterations, string IterationSource,
    int? Width = null, bool Linear = false, int Perturbations = 0, int ActionSamples = 1000,
    Policies.Actions.CandidateSampling Sampling = Policies.Actions.CandidateSampling.PerStep,
    (int Itt, int Iot, int Explicit)? ExpectedParameters = null)
{
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
