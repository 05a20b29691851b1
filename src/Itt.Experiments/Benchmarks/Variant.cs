using Itt.Policies;
using Itt.Training.Configuration;

namespace Itt.Experiments.Benchmarks;

/// <summary>One contender of a side-by-side benchmark: a label and the training configuration it runs with.</summary>
/// <param name="Label">Name printed in the table.</param>
/// <param name="Config">Configuration (environment, policy, index, sampling, N …).</param>
public sealed record Variant(string Label, TrainingConfig Config)
{
    /// <summary>The policy architecture of the variant.</summary>
    public PolicyArchitecture Architecture() => Training.EsTrainer.ArchitectureFor(Config);
}
