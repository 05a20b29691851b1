using Itt.Training.Estimation;
using Itt.Training.Evaluation;

namespace Itt.Cluster.Work;

/// <summary>Identity of one send of a chunk: a resend gets the next attempt, so every send is a fresh grain activation.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ChunkKey
{
    /// <summary>Creates a key.</summary>
    public ChunkKey(int iteration, int chunk, int attempt) => (Iteration, Chunk, Attempt) = (iteration, chunk, attempt);

    /// <summary>ES iteration.</summary>
    [Id(0)] public int Iteration { get; init; }

    /// <summary>Chunk index within the iteration's plan.</summary>
    [Id(1)] public int Chunk { get; init; }

    /// <summary>0 for the first send, then 1, 2, … for resends.</summary>
    [Id(2)] public int Attempt { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Iteration}/{Chunk}/{Attempt}";
}

/// <summary>
/// A contiguous range of an iteration's jobs (in <see cref="EvaluationRequest.Jobs"/> order) to evaluate on a worker.
/// Only θ and scalars travel: the worker regenerates the perturbation block from (seed, iteration, count, dimension, active).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ChunkWork
{
    /// <summary>Which chunk and attempt.</summary>
    [Id(0)] public required ChunkKey Key { get; init; }

    /// <summary>The run's <see cref="Itt.Training.Configuration.TrainingConfig"/> as JSON (<see cref="Itt.Training.Configuration.Json.Options"/>),
    /// so our records need no serializer attributes.</summary>
    [Id(1)] public required string ConfigJson { get; init; }

    /// <summary>θ of the iteration.</summary>
    [Id(2)] public required double[] Theta { get; init; }

    /// <summary>σ.</summary>
    [Id(3)] public required double Sigma { get; init; }

    /// <summary>M, rows of the perturbation block.</summary>
    [Id(4)] public required int Perturbations { get; init; }

    /// <summary>D, columns of the perturbation block.</summary>
    [Id(5)] public required int Dimension { get; init; }

    /// <summary>Leading coordinates perturbed (lazy action-tower updates perturb fewer than D).</summary>
    [Id(6)] public required int Active { get; init; }

    /// <summary>Evaluate θ − σε_i too.</summary>
    [Id(7)] public required bool Antithetic { get; init; }

    /// <summary>Evaluate θ itself for the forward-difference estimator.</summary>
    [Id(8)] public required bool Center { get; init; }

    /// <summary>Evaluation episodes of θ in the request.</summary>
    [Id(9)] public required int IterationEvaluationEpisodes { get; init; }

    /// <summary>First job of the chunk.</summary>
    [Id(10)] public required int FirstJob { get; init; }

    /// <summary>Number of jobs in the chunk.</summary>
    [Id(11)] public required int JobCount { get; init; }

    /// <summary>The trainer's <see cref="BuildIdentity"/> for the run's environment: a worker of another build refuses the chunk.</summary>
    [Id(12)] public required string Build { get; init; }

    /// <summary>The work of chunk <paramref name="range"/> of <paramref name="request"/>, from a trainer of build <paramref name="build"/>.</summary>
    public static ChunkWork For(EvaluationRequest request, string configJson, string build, ChunkKey key, ChunkRange range) => new()
    {
        Key = key,
        ConfigJson = configJson,
        Build = build,
        Theta = request.Theta,
        Sigma = request.Sigma,
        Perturbations = request.Noise.Count,
        Dimension = request.Noise.Dimension,
        Active = request.Noise.Active,
        Antithetic = request.Antithetic,
        Center = request.Center,
        IterationEvaluationEpisodes = request.IterationEvaluationEpisodes,
        FirstJob = range.First,
        JobCount = range.Count,
    };

    /// <summary>The request this chunk belongs to, with <paramref name="noise"/> regenerated on the worker.</summary>
    public EvaluationRequest Request(PerturbationBlock noise)
        => new(Key.Iteration, Theta, Sigma, noise, Antithetic, Center, IterationEvaluationEpisodes);
}

/// <summary>What a worker returns for a chunk: value k and steps k belong to job FirstJob + k.</summary>
[GenerateSerializer, Immutable]
public sealed class ChunkResult
{
    /// <summary>Which chunk and attempt this answers.</summary>
    [Id(0)] public required ChunkKey Key { get; init; }

    /// <summary>F of each job (may be NaN or ±∞: the trainer's policy decides).</summary>
    [Id(1)] public required double[] Values { get; init; }

    /// <summary>Environment steps of each job.</summary>
    [Id(2)] public required long[] Steps { get; init; }

    /// <summary>The silo that computed it (for progress lines).</summary>
    [Id(3)] public required string Worker { get; init; }
}
