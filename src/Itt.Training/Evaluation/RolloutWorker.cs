using Itt.Core.Random;
using Itt.Environments;
using Itt.Environments.Registry;
using Itt.Policies;
using Itt.Training.Normalization;

namespace Itt.Training.Evaluation;

/// <summary>
/// One environment and one policy with their buffers: runs episodes of θ + s·σ·ε without allocating per step.
/// Not thread-safe; evaluators keep one per thread.
/// </summary>
public sealed class RolloutWorker : IDisposable
{
    private readonly Env _environment;
    private readonly float[] _theta;
    private readonly float[] _observation;
    private readonly float[] _action;
    private readonly float[] _normalized;

    /// <summary>Creates a worker for the registered environment <paramref name="environmentId"/>.</summary>
    public RolloutWorker(string environmentId, PolicyArchitecture architecture, PolicyOptions options)
        : this(() => EnvironmentRegistry.Make(environmentId), architecture, options)
    {
    }

    /// <summary>Creates a worker for an environment made by <paramref name="makeEnvironment"/> (with its time limit set).</summary>
    public RolloutWorker(Func<Env> makeEnvironment, PolicyArchitecture architecture, PolicyOptions options)
    {
        _environment = makeEnvironment();
        Policy = Policy.Create(architecture, options);
        _theta = new float[architecture.ParameterCount];
        Policy.Bind(_theta);
        _observation = new float[_environment.ObservationSpace.Dimension];
        _action = new float[_environment.ActionSpace.Dimension];
        _normalized = new float[_observation.Length];
    }

    /// <summary>The policy, bound to this worker's θ buffer.</summary>
    public Policy Policy { get; }

    /// <summary>Loads θ + <paramref name="scale"/>·ε into the policy (ε may be empty when scale is 0).</summary>
    public void Load(ReadOnlySpan<double> theta, ReadOnlySpan<double> epsilon, double scale)
    {
        if (scale == 0)
            for (int k = 0; k < _theta.Length; k++) _theta[k] = (float)theta[k];
        else
            for (int k = 0; k < _theta.Length; k++) _theta[k] = (float)(theta[k] + scale * epsilon[k]);
    }

    /// <summary>
    /// Runs one episode of the loaded θ and returns its return and length. With <paramref name="normalizer"/> the policy
    /// sees normalised observations, and <paramref name="observations"/>, when given, counts the raw ones it acted on.
    /// An episode whose simulation diverges (<see cref="SimulationDivergedException"/>) ends there with a NaN return.
    /// </summary>
    public (double Return, int Steps) RunEpisode(ulong environmentSeed, CounterRng policyRandom, ulong candidateSetKey = 0,
        ObservationNormalizer? normalizer = null, ObservationStatistics? observations = null)
    {
        Policy.BeginEpisode(policyRandom, candidateSetKey);
        double total = 0;
        int steps = 0;
        try
        {
            _environment.Reset(environmentSeed, _observation);
            while (true)
            {
                observations?.Add(_observation);
                if (normalizer is null) Policy.Act(_observation, _action);
                else
                {
                    normalizer.Apply(_observation, _normalized);
                    Policy.Act(_normalized, _action);
                }
                steps++; // a step that diverges was still simulated
                var result = _environment.Step(_action, _observation);
                total += result.Reward;
                if (result.Done) return (total, steps);
            }
        }
        catch (SimulationDivergedException)
        {
            return (double.NaN, steps); // the non-finite-return rule decides what the iteration does with it
        }
    }

    /// <inheritdoc />
    public void Dispose() => _environment.Dispose();
}
