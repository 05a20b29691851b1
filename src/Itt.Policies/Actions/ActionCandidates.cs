using Itt.Core.Random;
using Itt.Environments.Spaces;

namespace Itt.Policies.Actions;

/// <summary>When A* is drawn for a continuous action space.</summary>
public enum CandidateSampling
{
    /// <summary>N fresh uniform samples at every step (the paper's Gym setting).</summary>
    PerStep,
    /// <summary>N samples drawn once per rollout and reused at every step.</summary>
    PerRollout,
    /// <summary>
    /// N samples drawn once per ES iteration and shared by all its rollouts (the paper's DM Control setting, with
    /// one A* per iteration instead of one per worker so that the result does not depend on scheduling).
    /// </summary>
    PerIteration,
}

/// <summary>
/// The candidate set A* in encoded coordinates, stored as structure of arrays: row j holds coordinate j of
/// every candidate. For a discrete space it is every action, fixed; for a box, N uniform samples drawn coordinate
/// row by row, each row a <see cref="HashUniform"/> fill keyed by the next 64 bits of the policy's stream.
/// </summary>
public sealed class ActionCandidates
{
    private readonly float[] _low = [], _high = [];

    /// <summary>Creates A* for <paramref name="space"/>; <paramref name="samples"/> is N for a box (ignored when discrete).</summary>
    public ActionCandidates(Space space, int samples)
    {
        Space = space;
        Dimension = ActionEncoding.Size(space);
        switch (space)
        {
            case DiscreteSpace discrete:
                Count = discrete.Count;
                Values = new float[Count];
                for (int k = 0; k < Count; k++) Values[k] = ActionEncoding.EncodeDiscrete(k, Count);
                break;
            case BoxSpace box:
                if (!box.IsBounded) throw new ArgumentException("Sampling candidates needs a bounded action box.");
                if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), "N must be at least 1");
                Count = samples;
                Values = new float[Dimension * Count];
                _low = box.Low.ToArray();
                _high = box.High.ToArray();
                break;
            default:
                throw new NotSupportedException($"Unsupported action space {space}.");
        }
    }

    /// <summary>The action space.</summary>
    public Space Space { get; }

    /// <summary>True for a discrete space (A* is fixed).</summary>
    public bool IsFixed => Space is DiscreteSpace;

    /// <summary>Number of candidates N.</summary>
    public int Count { get; }

    /// <summary>Encoded action length.</summary>
    public int Dimension { get; }

    /// <summary>Dimension × Count values, row-major by coordinate.</summary>
    public float[] Values { get; }

    /// <summary>Draws a fresh A* (no-op for a discrete space).</summary>
    public void Resample(CounterRng random)
    {
        if (IsFixed) return;
        for (int j = 0; j < Dimension; j++) HashUniform.Fill(random.NextUInt64(), Values.AsSpan(j * Count, Count), _low[j], _high[j]);
    }

    /// <summary>Writes candidate <paramref name="index"/> as an environment action.</summary>
    public void WriteAction(int index, Span<float> action)
    {
        if (IsFixed)
        {
            action[0] = index;
            return;
        }
        for (int j = 0; j < Dimension; j++) action[j] = Values[j * Count + index];
    }
}
