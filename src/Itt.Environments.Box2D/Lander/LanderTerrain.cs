using Itt.Core.Random;
using static Itt.Environments.Box2D.Lander.LanderConstants;

namespace Itt.Environments.Box2D.Lander;

/// <summary>The moon's surface (docs/environments.md 3.3): random chunk heights, a flat helipad, then a three-point smoothing.</summary>
internal static class LanderTerrain
{
    /// <summary>x of chunk <paramref name="i"/> (2 m apart).</summary>
    public static double ChunkX(int i) => i * W / (Chunks - 1);

    /// <summary>
    /// Draws the 12 raw heights U(0, H/2) and writes the <see cref="LanderConstants.Chunks"/> smoothed heights.
    /// The twelfth draw is used only through the wrap-around of the first point (Python's index −1).
    /// </summary>
    public static void Generate(CounterRng random, Span<double> smoothY)
    {
        Span<double> height = stackalloc double[Chunks + 1];
        for (int i = 0; i < height.Length; i++) height[i] = random.Uniform(0, H / 2);
        for (int i = Chunks / 2 - 2; i <= Chunks / 2 + 2; i++) height[i] = HelipadY;
        for (int i = 0; i < Chunks; i++)
        {
            double before = i == 0 ? height[^1] : height[i - 1];
            smoothY[i] = 0.33 * (before + height[i] + height[i + 1]);
        }
    }
}
