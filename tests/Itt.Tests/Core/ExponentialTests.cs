using System.Runtime.Intrinsics;
using Itt.Core.Numerics;
using Itt.Core.Random;
using Xunit.Abstractions;

namespace Itt.Tests.Core;

public class ExponentialTests(ITestOutputHelper output)
{
    private static double Ulp(double x) => Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    [Theory]
    [InlineData(-2.0, 2.0)]
    [InlineData(-708.0, 708.0)]
    [InlineData(-40.0, 0.0)] // where the random-feature tree's arguments ωᵀx − ‖x‖²/2 mostly lie
    public void IsWithinTwoUlpOfMathExp(double from, double to)
    {
        var rng = new CounterRng(5, StreamPurpose.User);
        var x = new double[200_000];
        for (int i = 0; i < x.Length; i++) x[i] = from + (to - from) * rng.NextDouble();
        var y = new double[x.Length];
        Exponential.Exp(x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double reference = Math.Exp(x[i]);
            worst = Math.Max(worst, Math.Abs(y[i] - reference) / Ulp(reference));
        }
        output.WriteLine($"largest difference from Math.Exp on [{from}, {to}]: {worst:0.00} ulp");
        Assert.True(worst <= 2, $"{worst} ulp");
    }

    [Fact]
    public void SpecialValuesAndTheCutOffs()
    {
        Assert.Equal(1.0, Exponential.Exp(0.0));
        Assert.Equal(1.0, Exponential.Exp(-0.0));
        Assert.True(Math.Abs(Exponential.Exp(1.0) - Math.E) <= Ulp(Math.E));
        Assert.True(double.IsNaN(Exponential.Exp(double.NaN)));
        Assert.Equal(double.PositiveInfinity, Exponential.Exp(double.PositiveInfinity));
        Assert.Equal(0.0, Exponential.Exp(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, Exponential.Exp(Exponential.Limit + 1e-9));
        Assert.Equal(0.0, Exponential.Exp(-Exponential.Limit - 1e-9));
        double top = Exponential.Exp(Exponential.Limit), bottom = Exponential.Exp(-Exponential.Limit);
        Assert.True(Math.Abs(top - Math.Exp(Exponential.Limit)) <= 2 * Ulp(top));
        Assert.True(Math.Abs(bottom - Math.Exp(-Exponential.Limit)) <= 2 * Ulp(bottom));
        Assert.True(double.IsNormal(top) && double.IsNormal(bottom));
    }

    [Fact]
    public void EveryLaneAndTheScalarTailGiveTheScalarResultBitForBit()
    {
        var rng = new CounterRng(6, StreamPurpose.User);
        double[] specials = [0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 709, -709, 708.39, -708.39, 1e-300, 0.5 * Math.Log(2)];
        for (int length = 0; length <= 37; length++)
        {
            var x = new double[length];
            for (int i = 0; i < length; i++) x[i] = i % 3 == 0 ? specials[(i / 3) % specials.Length] : 60 * (rng.NextDouble() - 0.5);
            var y = new double[length];
            Exponential.Exp(x, y);
            var inPlace = (double[])x.Clone();
            Exponential.Exp(inPlace, inPlace);
            var scaled = new double[length];
            Exponential.ScaledExp(x, 0.3, scaled);
            for (int i = 0; i < length; i++)
            {
                double scalar = Exponential.Exp(x[i]);
                if (double.IsNaN(scalar)) // a NaN's payload may follow either operand; only NaN-ness is specified
                {
                    Assert.True(double.IsNaN(y[i]) && double.IsNaN(inPlace[i]) && double.IsNaN(scaled[i]));
                    continue;
                }
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(y[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(inPlace[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalar * 0.3), BitConverter.DoubleToInt64Bits(scaled[i]));
            }
        }
    }

    [Fact]
    public void EachWidthCalledDirectlyGivesTheScalarResultBitForBit()
    {
        // The span methods pick the widest width the machine accelerates, so on a machine without AVX-512 the 512-bit
        // lanes never run there; called directly they run in software, and must still round as the scalar code does
        // (a machine with and one without AVX-512 must build the same random-feature tree).
        var rng = new CounterRng(7, StreamPurpose.User);
        for (int trial = 0; trial < 2_000; trial++)
        {
            var x = Enumerable.Range(0, 8).Select(_ => 1400 * (rng.NextDouble() - 0.5)).ToArray();
            var wide = Exponential.Exp<Lanes512, Vector512<double>>(Vector512.Create(x));
            var half = Exponential.Exp<Lanes256, Vector256<double>>(Vector256.Create(x.AsSpan(0, 4)));
            for (int i = 0; i < 8; i++)
            {
                long scalar = BitConverter.DoubleToInt64Bits(Exponential.Exp(x[i]));
                Assert.Equal(scalar, BitConverter.DoubleToInt64Bits(wide[i]));
                if (i < 4) Assert.Equal(scalar, BitConverter.DoubleToInt64Bits(half[i]));
            }
        }
    }
}
