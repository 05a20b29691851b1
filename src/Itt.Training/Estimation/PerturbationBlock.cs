using Itt.Core.Random;

namespace Itt.Training.Estimation;

/// <summary>
/// The M × D block of orthogonal Gaussian perturbations of one iteration, regenerated anywhere from
/// (seed, iteration): only θ and scalars ever need to travel.
/// </summary>
public sealed class PerturbationBlock
{
    private PerturbationBlock(int iteration, int count, int dimension, double[] values)
    {
        Iteration = iteration;
        Count = count;
        Dimension = dimension;
        Values = values;
    }

    /// <summary>Iteration this block belongs to.</summary>
    public int Iteration { get; }

    /// <summary>M.</summary>
    public int Count { get; }

    /// <summary>D.</summary>
    public int Dimension { get; }

    /// <summary>Row-major M × D values.</summary>
    public double[] Values { get; }

    /// <summary>Row ε_i.</summary>
    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Dimension, Dimension);

    /// <summary>
    /// Generates the block of <paramref name="iteration"/>. Only the first <paramref name="active"/> coordinates
    /// (all when null) are perturbed: the rows are orthogonal Gaussian in that subspace and zero elsewhere, which is
    /// how lazy updates freeze the action tower (it sits after the state tower in θ).
    /// </summary>
    public static PerturbationBlock Create(ulong seed, int iteration, int count, int dimension, int? active = null)
    {
        int a = active ?? dimension;
        if (a < 1 || a > dimension) throw new ArgumentOutOfRangeException(nameof(active));
        var values = new double[(long)count * dimension];
        var sub = a == dimension ? values : new double[(long)count * a];
        OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Perturbations, iteration), count, a, sub);
        if (a < dimension)
            for (int i = 0; i < count; i++) sub.AsSpan(i * a, a).CopyTo(values.AsSpan(i * dimension, a));
        return new PerturbationBlock(iteration, count, dimension, values) { Active = a };
    }

    /// <summary>Number of leading coordinates that are perturbed.</summary>
    public int Active { get; private init; }
}
