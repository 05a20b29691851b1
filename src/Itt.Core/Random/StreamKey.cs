namespace Itt.Core.Random;

/// <summary>
/// Derives 64-bit stream identifiers from tuples such as (purpose, iteration, index), so that every
/// consumer of randomness owns a disjoint, reproducible stream without any shared generator state.
/// </summary>
public static class StreamKey
{
    /// <summary>Mixes one value into a running hash with the SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong hash, ulong value)
    {
        ulong z = hash ^ (value + 0x9E3779B97F4A7C15UL + (hash << 6) + (hash >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Derives a stream id from a purpose tag and up to three integers.</summary>
    public static ulong Derive(StreamPurpose purpose, long a = 0, long b = 0, long c = 0)
        => Mix(Mix(Mix(Mix(0x1234_5678_9ABC_DEF0UL, (ulong)purpose), (ulong)a), (ulong)b), (ulong)c);
}

/// <summary>What a random stream is used for; part of every derived stream id.</summary>
public enum StreamPurpose : ulong
{
    /// <summary>Initial parameters of a run.</summary>
    Initialisation = 1,
    /// <summary>The ES perturbation block of one iteration.</summary>
    Perturbations = 2,
    /// <summary>Environment reset of a training rollout (shared by the two signs of an antithetic pair).</summary>
    RolloutEnvironment = 3,
    /// <summary>Action sampling inside a training rollout (shared by the two signs of an antithetic pair).</summary>
    RolloutPolicy = 4,
    /// <summary>Environment reset of an evaluation episode of the unperturbed parameters.</summary>
    EvaluationEnvironment = 5,
    /// <summary>Action sampling in an evaluation episode.</summary>
    EvaluationPolicy = 6,
    /// <summary>An environment's own reset randomness.</summary>
    EnvironmentReset = 7,
    /// <summary>Hash and random-feature projections of an action index.</summary>
    Index = 8,
    /// <summary>Free use by tests, tools and benchmarks.</summary>
    User = 9,
    /// <summary>The candidate set A* shared by the rollouts of one iteration.</summary>
    CandidateSet = 10,
}
