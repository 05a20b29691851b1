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

    /// <summary>Generates the block of <paramref name="iteration"/>.</summary>
    public static PerturbationBlock Create(ulong seed, int iteration, int count, int dimension)
    {
        var values = new double[(long)count * dimension];
        OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Perturbations, iteration), count, dimension, values);
        return new PerturbationBlock(iteration, count, dimension, values);
    }
}
