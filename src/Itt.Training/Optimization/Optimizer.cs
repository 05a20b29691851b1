using Itt.Training.Configuration;

namespace Itt.Training.Optimization;

/// <summary>A gradient-ascent update rule whose whole state is a list of arrays and a step count (for checkpoints).</summary>
public abstract class Optimizer
{
    /// <summary>Updates θ in place with the ascent direction <paramref name="gradient"/>.</summary>
    public abstract void Step(Span<double> theta, ReadOnlySpan<double> gradient);

    /// <summary>Updates taken so far.</summary>
    public long Steps { get; protected set; }

    /// <summary>State arrays, in a fixed order, for checkpoints.</summary>
    public abstract IReadOnlyList<double[]> StateArrays { get; }

    /// <summary>Restores the state written by <see cref="StateArrays"/> and <see cref="Steps"/>.</summary>
    public void Restore(IReadOnlyList<double[]> arrays, long steps)
    {
        var mine = StateArrays;
        if (arrays.Count != mine.Count) throw new InvalidDataException("optimizer state has the wrong number of arrays");
        for (int i = 0; i < mine.Count; i++)
        {
            if (arrays[i].Length != mine[i].Length) throw new InvalidDataException("optimizer state has the wrong length");
            arrays[i].CopyTo(mine[i], 0);
        }
        Steps = steps;
    }

    /// <summary>Creates the optimizer of <paramref name="kind"/> for a θ of <paramref name="dimension"/>.</summary>
    public static Optimizer Create(OptimizerKind kind, double learningRate, int dimension) => kind switch
    {
        OptimizerKind.Sgd => new SgdOptimizer(learningRate),
        OptimizerKind.Adam => new AdamOptimizer(learningRate, dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>θ ← θ + η ĝ (eq. 7).</summary>
public sealed class SgdOptimizer(double learningRate) : Optimizer
{
    /// <inheritdoc />
    public override void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        for (int k = 0; k < theta.Length; k++) theta[k] += learningRate * gradient[k];
        Steps++;
    }

    /// <inheritdoc />
    public override IReadOnlyList<double[]> StateArrays => [];
}

/// <summary>Adam ascending ĝ, β1 = 0.9, β2 = 0.999, ε = 1e-8.</summary>
public sealed class AdamOptimizer(double learningRate, int dimension) : Optimizer
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _m = new double[dimension];
    private readonly double[] _v = new double[dimension];

    /// <inheritdoc />
    public override void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        Steps++;
        double c1 = 1 - Math.Pow(Beta1, Steps), c2 = 1 - Math.Pow(Beta2, Steps);
        for (int k = 0; k < theta.Length; k++)
        {
            _m[k] = Beta1 * _m[k] + (1 - Beta1) * gradient[k];
            _v[k] = Beta2 * _v[k] + (1 - Beta2) * gradient[k] * gradient[k];
            theta[k] += learningRate * (_m[k] / c1) / (Math.Sqrt(_v[k] / c2) + Epsilon);
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<double[]> StateArrays => [_m, _v];
}
