namespace Itt.Environments.MuJoCo.DmControl;

/// <summary>The shapes dm_control's <c>tolerance</c> uses outside its bounds (docs/environments.md 5.1.4).</summary>
public enum Sigmoid
{
    /// <summary>exp(−0.5 (d k)²).</summary>
    Gaussian,
    /// <summary>1 / ((d k)² + 1).</summary>
    LongTail,
    /// <summary>1 − d k inside |d k| &lt; 1, else 0.</summary>
    Linear,
    /// <summary>1 − (d k)² inside |d k| &lt; 1, else 0.</summary>
    Quadratic,
}

/// <summary>dm_control's <c>rewards.tolerance</c>: 1 inside [lo, hi], decaying with the distance outside.</summary>
public static class Tolerance
{
    /// <summary>
    /// 1 when <paramref name="low"/> ≤ <paramref name="x"/> ≤ <paramref name="high"/>; otherwise 0 for a zero margin,
    /// else the sigmoid of the distance in margins, scaled so that it equals <paramref name="valueAtMargin"/> at 1.
    /// </summary>
    public static double Of(double x, double low, double high, double margin = 0, Sigmoid sigmoid = Sigmoid.Gaussian,
        double valueAtMargin = 0.1)
    {
        if (low <= x && x <= high) return 1.0;
        if (margin == 0) return 0.0;
        double d = (x < low ? low - x : x - high) / margin;
        return Shape(d, sigmoid, valueAtMargin);
    }

    private static double Shape(double d, Sigmoid sigmoid, double v)
    {
        switch (sigmoid)
        {
            case Sigmoid.Gaussian:
            {
                double k = Math.Sqrt(-2 * Math.Log(v));
                return Math.Exp(-0.5 * (d * k) * (d * k));
            }
            case Sigmoid.LongTail:
            {
                double k = Math.Sqrt(1 / v - 1);
                return 1 / ((d * k) * (d * k) + 1);
            }
            case Sigmoid.Linear:
            {
                double s = d * (1 - v);
                return Math.Abs(s) < 1 ? 1 - s : 0;
            }
            case Sigmoid.Quadratic:
            {
                double s = d * Math.Sqrt(1 - v);
                return Math.Abs(s) < 1 ? 1 - s * s : 0;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(sigmoid));
        }
    }
}
