namespace Itt.Policies.Indexes;

/// <summary>Which maximum-inner-product index an ITT policy searches A* with.</summary>
public enum IndexKind
{
    /// <summary>Score every candidate (exact).</summary>
    BruteForce,
    /// <summary>Signed random projections with Hamming-ordered bucket probing (Appendix B.1, C.2).</summary>
    Srp,
    /// <summary>A random-feature tree sampling from the softmax kernel in O(m log N) (Appendix B.2).</summary>
    RandomFeatureTree,
}

/// <summary>Settings of an action index.</summary>
/// <param name="Kind">The index.</param>
/// <param name="HashBits">SRP: number of projections m (the paper: 6 on HalfCheetah, 3 elsewhere).</param>
/// <param name="ProbeBudget">SRP: candidates scored per query; null means two buckets' worth, 2N / 2^m (written as 0).</param>
/// <param name="MedianOffsets">SRP: shift each hyperplane to the median projection of A* (C.2) so buckets stay balanced.</param>
/// <param name="Features">RFT: number of positive random features m.</param>
/// <param name="Seed">Seed of the projections and features (the trainer passes the run's seed).</param>
public sealed record IndexOptions(IndexKind Kind = IndexKind.BruteForce, int HashBits = 3, [property: System.Text.Json.Serialization.JsonConverter(typeof(Itt.Core.Serialization.UnsetAsZeroConverter))] int? ProbeBudget = null,
    bool MedianOffsets = true, int Features = 64, ulong Seed = 0)
{
    /// <summary>Creates the index.</summary>
    public IActionIndex Create(int latent) => Kind switch
    {
        IndexKind.BruteForce => new BruteForceIndex(),
        IndexKind.Srp => new SrpIndex(latent, HashBits, ProbeBudget ?? 0, MedianOffsets, Seed),
        IndexKind.RandomFeatureTree => new RandomFeatureTreeIndex(latent, Features, Seed),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>Returns a one-line description of an invalid setting, or null.</summary>
    public string? Validate()
    {
        if (HashBits is < 1 or > 16) return $"hash bits m must be in 1..16 (got {HashBits})";
        if (ProbeBudget is < 1) return $"probe budget must be at least 1, or unset for two buckets' worth (got {ProbeBudget})";
        if (Features < 1) return $"random features must be at least 1 (got {Features})";
        return null;
    }
}
