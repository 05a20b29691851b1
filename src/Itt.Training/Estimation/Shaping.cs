using Itt.Training.Configuration;

namespace Itt.Training.Estimation;

/// <summary>Fitness shaping applied jointly to all returns of an iteration.</summary>
public static class Shaping
{
    /// <summary>Returns the shaped copy of <paramref name="returns"/>.</summary>
    public static double[] Apply(FitnessShaping shaping, ReadOnlySpan<double> returns)
    {
        var result = returns.ToArray();
        if (shaping == FitnessShaping.None || result.Length < 2) return result;
        // Centred ranks: the k-th smallest maps to k/(n−1) − 0.5; equal returns share their mean rank.
        var order = Enumerable.Range(0, result.Length).ToArray();
        var keys = returns.ToArray();
        Array.Sort(keys, order);
        int n = result.Length;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            double rank = (start + end) / 2.0;
            for (int k = start; k <= end; k++) result[order[k]] = rank / (n - 1) - 0.5;
            start = end + 1;
        }
        return result;
    }
}
