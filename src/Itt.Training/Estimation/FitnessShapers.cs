using Itt.Training.Configuration;

namespace Itt.Training.Estimation;

/// <summary>Transforms all returns of an iteration jointly before they enter the gradient estimate.</summary>
public interface IFitnessShaper
{
    /// <summary>Returns the shaped copy of <paramref name="returns"/> (same length, same order).</summary>
    double[] Apply(ReadOnlySpan<double> returns);
}

/// <summary>Raw returns, unchanged (the paper's setting).</summary>
public sealed class RawReturns : IFitnessShaper
{
    /// <inheritdoc />
    public double[] Apply(ReadOnlySpan<double> returns) => returns.ToArray();
}

/// <summary>Centred ranks in [−0.5, 0.5] over all returns of the iteration (Salimans et al., 2017); equal returns share their mean rank.</summary>
public sealed class CenteredRanks : IFitnessShaper
{
    /// <inheritdoc />
    public double[] Apply(ReadOnlySpan<double> returns)
    {
        var result = returns.ToArray();
        if (result.Length < 2) return result;
        // The k-th smallest maps to k/(n−1) − 0.5.
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

/// <summary>The shaper a configuration names.</summary>
public static class FitnessShapers
{
    /// <summary>The shaper of <paramref name="shaping"/>.</summary>
    public static IFitnessShaper For(FitnessShaping shaping) => shaping switch
    {
        FitnessShaping.None => new RawReturns(),
        FitnessShaping.CenteredRanks => new CenteredRanks(),
        _ => throw new ArgumentOutOfRangeException(nameof(shaping)),
    };
}
