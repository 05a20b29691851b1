using Itt.Core.Random;

namespace Itt.Tests.Core;

public class CounterRngTests
{
    [Theory]
    // Known-answer vectors of Philox4x32-10 published with Random123 (Salmon et al., 2011).
    [InlineData(0x00000000u, 0x00000000u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0xa4093822u, 0x299f31d0u, 0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void PhiloxMatchesPublishedKnownAnswers(uint k0, uint k1, uint c0, uint c1, uint c2, uint c3,
        uint e0, uint e1, uint e2, uint e3)
    {
        Philox.Block(((ulong)k1 << 32) | k0, c0, c1, c2, c3, out var r0, out var r1, out var r2, out var r3);
        Assert.Equal([e0, e1, e2, e3], new[] { r0, r1, r2, r3 });
    }

    [Fact]
    public void SameKeyGivesSameStreamAndOtherStreamsDiffer()
    {
        var a = new CounterRng(42, StreamPurpose.User, 1);
        var b = new CounterRng(42, StreamPurpose.User, 1);
        var c = new CounterRng(42, StreamPurpose.User, 2);
        var d = new CounterRng(43, StreamPurpose.User, 1);
        var xs = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(xs, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(xs, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
        Assert.NotEqual(xs, Enumerable.Range(0, 100).Select(_ => d.NextUInt64()));
    }

    [Fact]
    public void UniformAndGaussianMomentsAreRight()
    {
        // n = 200,000 draws: the standard error of the mean is 0.00065 for U(0,1) and 0.0022 for N(0,1).
        const int n = 200_000;
        var rng = new CounterRng(7, StreamPurpose.User);
        double su = 0, suu = 0, sg = 0, sgg = 0, sg4 = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            Assert.True(u >= 0 && u < 1, $"NextDouble gave {u}, outside [0, 1)");
            su += u; suu += u * u;
            double g = rng.NextGaussian();
            sg += g; sgg += g * g; sg4 += g * g * g * g;
        }
        Assert.InRange(su / n, 0.5 - 0.003, 0.5 + 0.003);
        Assert.InRange(suu / n - (su / n) * (su / n), 1 / 12.0 - 0.002, 1 / 12.0 + 0.002);
        Assert.InRange(sg / n, -0.01, 0.01);
        Assert.InRange(sgg / n, 1 - 0.015, 1 + 0.015);
        Assert.InRange(sg4 / n, 3 - 0.1, 3 + 0.1); // fourth moment of N(0,1) is 3
    }

    [Fact]
    public void NextIntIsUniformOverItsRange()
    {
        var rng = new CounterRng(3, StreamPurpose.User);
        var counts = new int[6];
        for (int i = 0; i < 60_000; i++) counts[rng.NextInt(6)]++;
        // Chi-square with 5 degrees of freedom; 20.5 is its 0.999 quantile.
        double chi2 = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chi2 < 20.5, $"chi-square {chi2}");
    }

    [Fact]
    public void FillUniformStaysInsideTheBounds()
    {
        var rng = new CounterRng(5, StreamPurpose.User);
        var buffer = new float[10_000];
        rng.FillUniform(buffer, -2f, 3f);
        Assert.All(buffer, v => Assert.InRange(v, -2f, 3f));
        Assert.InRange(buffer.Average(), 0.45, 0.55);
        // The variance of U(−2, 3) is 25/12 ≈ 2.083; its standard error over 10,000 draws is about 0.019.
        double mean = buffer.Average();
        Assert.InRange(buffer.Average(v => (v - mean) * (v - mean)), 25.0 / 12 - 0.08, 25.0 / 12 + 0.08);
    }
}

public class HashUniformTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(1003)]
    public void VectorFillEqualsTheScalarDefinition(int n)
    {
        var buffer = new float[n];
        HashUniform.Fill(0xDEADBEEF12345678UL, buffer, -1.5f, 2f);
        for (int i = 0; i < n; i++) Assert.Equal(HashUniform.Value(0xDEADBEEF12345678UL, i, -1.5f, 2f), buffer[i]);
    }

    [Fact]
    public void FillsAreUniformAndUncorrelated()
    {
        const int n = 100_000;
        var buffer = new float[n];
        HashUniform.Fill(42, buffer, 0f, 1f);
        var counts = new int[20];
        foreach (var v in buffer) counts[(int)(v * 20)]++;
        double chi2 = counts.Sum(c => (c - n / 20.0) * (c - n / 20.0) / (n / 20.0));
        Assert.True(chi2 < 43.8, $"chi-square {chi2} (19 degrees of freedom, 0.999 quantile 43.8)");
        double lag = 0, mean = buffer.Average();
        for (int i = 1; i < n; i++) lag += (buffer[i] - mean) * (buffer[i - 1] - mean);
        Assert.InRange(lag / (n - 1) / (1 / 12.0), -0.015, 0.015); // lag-1 correlation, se ≈ 0.003
        var other = new float[n];
        HashUniform.Fill(43, other, 0f, 1f);
        double cross = 0;
        for (int i = 0; i < n; i++) cross += (buffer[i] - 0.5) * (other[i] - 0.5);
        Assert.InRange(cross / n / (1 / 12.0), -0.015, 0.015); // neighbouring keys are independent
    }
}
