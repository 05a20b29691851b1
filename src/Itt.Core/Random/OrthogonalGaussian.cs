namespace Itt.Core.Random;

/// <summary>
/// Orthogonal Gaussian ensembles (Choromanski et al., 2017): rows that are pairwise orthogonal while each
/// row on its own is still distributed as N(0, I_D).
/// </summary>
public static class OrthogonalGaussian
{
    /// <summary>
    /// Fills the row-major <paramref name="rows"/> × <paramref name="dimension"/> block
    /// <paramref name="destination"/>. Rows come in groups of at most <paramref name="dimension"/>; each group
    /// is drawn i.i.d. Gaussian from its own stream, orthogonalised by modified Gram–Schmidt in row order, and
    /// each row is rescaled to the norm of an independent Gaussian vector, so its marginal stays N(0, I_D).
    /// Groups are independent, which is how M &gt; D is handled.
    /// </summary>
    public static void Fill(ulong seed, ulong stream, int rows, int dimension, Span<double> destination)
    {
        if (rows < 0 || dimension < 1) throw new ArgumentOutOfRangeException(nameof(rows));
        if (destination.Length < rows * dimension) throw new ArgumentException("Destination too small.", nameof(destination));
        for (int first = 0, group = 0; first < rows; first += dimension, group++)
        {
            int count = Math.Min(dimension, rows - first);
            var rng = new CounterRng(seed, StreamKey.Mix(stream, (ulong)group));
            FillGroup(rng, destination.Slice(first * dimension, count * dimension), count, dimension);
        }
    }

    private static void FillGroup(CounterRng rng, Span<double> block, int count, int d)
    {
        rng.FillGaussian(block);
        for (int i = 0; i < count; i++)
        {
            var row = block.Slice(i * d, d);
            for (int j = 0; j < i; j++)
            {
                var unit = block.Slice(j * d, d); // rows before i are unit vectors at this point
                double projection = Dot(row, unit);
                for (int k = 0; k < d; k++) row[k] -= projection * unit[k];
            }
            double norm = Math.Sqrt(Dot(row, row));
            if (norm == 0) throw new InvalidOperationException("Degenerate Gaussian block (zero row after orthogonalisation).");
            for (int k = 0; k < d; k++) row[k] /= norm;
        }
        // Rescale after all rows are orthonormal: a chi-distributed length keeps each marginal N(0, I_D).
        for (int i = 0; i < count; i++)
        {
            double sumSquares = 0;
            for (int k = 0; k < d; k++)
            {
                double g = rng.NextGaussian();
                sumSquares += g * g;
            }
            double length = Math.Sqrt(sumSquares);
            var row = block.Slice(i * d, d);
            for (int k = 0; k < d; k++) row[k] *= length;
        }
    }

    /// <summary>Dot product summed strictly left to right (the order is part of the determinism contract).</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }
}
