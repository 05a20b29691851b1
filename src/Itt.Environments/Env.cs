using Itt.Core.Random;
using Itt.Environments.Spaces;

namespace Itt.Environments;

/// <summary>
/// Gymnasium's contract: <see cref="Reset(ulong?, Span{float})"/> and <see cref="Step(ReadOnlySpan{float}, Span{float})"/>
/// write the observation into a caller's span; the time limit of the registry is applied here, so cores never
/// truncate. Stepping a finished episode without a reset is rejected.
/// </summary>
public abstract class Env : IDisposable
{
    private CounterRng? _rng;
    private bool _needsReset = true;

    /// <summary>Creates an environment with its spaces.</summary>
    protected Env(Space observationSpace, Space actionSpace)
    {
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
    }

    /// <summary>The observation space; observations are floats of its dimension.</summary>
    public Space ObservationSpace { get; }

    /// <summary>The action space.</summary>
    public Space ActionSpace { get; }

    /// <summary>The time limit (Gymnasium's <c>max_episode_steps</c>); null for none.</summary>
    public int? MaxEpisodeSteps { get; set; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <summary>The generator used by resets (created from the seed given to the last seeded reset).</summary>
    protected CounterRng Random => _rng ??= new CounterRng((ulong)Environment.TickCount64, StreamPurpose.EnvironmentReset);

    /// <summary>
    /// Starts an episode. With a seed the environment's generator is re-created from it; without one the
    /// existing stream continues.
    /// </summary>
    public void Reset(ulong? seed, Span<float> observation)
    {
        CheckObservation(observation);
        if (seed is ulong s) _rng = new CounterRng(s, StreamPurpose.EnvironmentReset);
        ElapsedSteps = 0;
        ResetCore(Random);
        _needsReset = false;
        Observe(observation);
    }

    /// <summary>Advances one step with <paramref name="action"/> (a discrete action is one float holding its index).</summary>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (_needsReset) throw new InvalidOperationException("The episode is over (or never started): call Reset first.");
        if (action.Length != ActionSpace.Dimension)
            throw new ArgumentException($"Action has {action.Length} components; the space needs {ActionSpace.Dimension}.", nameof(action));
        if (ActionSpace is DiscreteSpace discrete && !discrete.Contains(action[0]))
            throw new ArgumentOutOfRangeException(nameof(action), $"Action {action[0]} is not in {{0..{discrete.Count - 1}}}.");
        CheckObservation(observation);
        var (reward, terminated) = StepCore(action);
        ElapsedSteps++;
        bool truncated = MaxEpisodeSteps is int limit && ElapsedSteps >= limit;
        if (terminated || truncated) _needsReset = true;
        Observe(observation);
        return new StepResult(reward, terminated, truncated);
    }

    /// <summary>Steps a discrete environment with action <paramref name="action"/>.</summary>
    public StepResult Step(int action, Span<float> observation)
    {
        Span<float> a = stackalloc float[1];
        a[0] = action;
        return Step(a, observation);
    }

    /// <summary>Writes the observation of the current state.</summary>
    public abstract void Observe(Span<float> observation);

    /// <summary>Draws a start state from <paramref name="random"/>.</summary>
    protected abstract void ResetCore(CounterRng random);

    /// <summary>Applies one transition and returns its reward and whether the new state is terminal.</summary>
    protected abstract (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action);

    /// <summary>Call after a caller overwrites the physical state: the episode may be stepped again.</summary>
    protected void MarkStateSet() => _needsReset = false;

    private void CheckObservation(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Dimension)
            throw new ArgumentException($"Observation span has {observation.Length} entries; the space needs {ObservationSpace.Dimension}.", nameof(observation));
    }

    /// <summary>Releases native resources, if any.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
