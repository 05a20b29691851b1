using Itt.Core.Random;

namespace Itt.Policies.Indexes;

/// <summary>Sampling from exp(score) normalised over a finite set (eq. 3), stabilised by subtracting the maximum.</summary>
public static class Softmax
{
    /// <summary>Draws an index with probability exp(scores[i]) / Σ exp(scores).</summary>
    public static int Sample(ReadOnlySpan<float> scores, CounterRng random)
    {
        float max = float.NegativeInfinity;
        foreach (var s in scores) if (s > max) max = s;
        double total = 0;
        foreach (var s in scores) total += Math.Exp(s - max);
        double target = random.NextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            cumulative += Math.Exp(scores[i] - max);
            if (target < cumulative) return i;
        }
        return scores.Length - 1;
    }
}
