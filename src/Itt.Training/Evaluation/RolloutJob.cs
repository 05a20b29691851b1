using Itt.Core.Random;

namespace Itt.Training.Evaluation;

/// <summary>The parameters a rollout runs with.</summary>
public enum JobKind
{
    /// <summary>θ + σε_i.</summary>
    Plus,
    /// <summary>θ − σε_i.</summary>
    Minus,
    /// <summary>θ itself, as the F(θ) term of the forward-difference estimator.</summary>
    Center,
    /// <summary>θ itself, for the learning curve.</summary>
    Evaluation,
}

/// <summary>
/// One evaluation of F: which parameters, and the random streams of its episodes. The two signs of an antithetic
/// pair share their environment seeds and action samples (common random numbers), so their difference measures
/// the perturbation rather than the luck of the draw.
/// </summary>
public readonly record struct RolloutJob(JobKind Kind, int Index)
{
    /// <summary>Environment seed of episode <paramref name="episode"/> of this job.</summary>
    public ulong EnvironmentSeed(ulong runSeed, int iteration, int episode) => StreamKey.Mix(runSeed, Kind == JobKind.Evaluation
        ? StreamKey.Derive(StreamPurpose.EvaluationEnvironment, iteration, Index, episode)
        : StreamKey.Derive(StreamPurpose.RolloutEnvironment, iteration, Kind == JobKind.Center ? -1 : Index, episode));

    /// <summary>Policy random stream (A* draws, softmax) of episode <paramref name="episode"/>.</summary>
    public CounterRng PolicyRandom(ulong runSeed, int iteration, int episode) => Kind == JobKind.Evaluation
        ? new CounterRng(runSeed, StreamPurpose.EvaluationPolicy, iteration, Index, episode)
        : new CounterRng(runSeed, StreamPurpose.RolloutPolicy, iteration, Kind == JobKind.Center ? -1 : Index, episode);

    /// <summary>Key of the A* shared by every rollout of an iteration (<c>CandidateSampling.PerIteration</c>).</summary>
    public static ulong CandidateSetKey(ulong runSeed, int iteration)
        => StreamKey.Mix(runSeed, StreamKey.Derive(StreamPurpose.CandidateSet, iteration));

    /// <summary>Sign of the perturbation: +1, −1 or 0.</summary>
    public int Sign => Kind switch { JobKind.Plus => 1, JobKind.Minus => -1, _ => 0 };
}
