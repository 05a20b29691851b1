using Itt.Core.Numerics;
using Itt.Core.Random;
using Itt.Environments.Spaces;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;
using Xunit.Abstractions;

namespace Itt.Tests.Policies;

public class IndexTests(ITestOutputHelper output)
{
    private static float[] Gaussian(int n, ulong seed, double scale = 1)
    {
        var rng = new CounterRng(seed, StreamPurpose.User);
        return Enumerable.Range(0, n).Select(_ => (float)(scale * rng.NextGaussian())).ToArray();
    }

    [Theory]
    [InlineData(3, 1000, 6)]
    [InlineData(6, 4096, 6)]
    [InlineData(1, 17, 2)]
    public void SrpWithABudgetCoveringEveryBucketIsExact(int bits, int n, int d)
    {
        var embeddings = Gaussian(n * d, 1);
        var srp = new SrpIndex(d, bits, probeBudget: n, medianOffsets: true, seed: 5);
        var brute = new BruteForceIndex();
        srp.Build(embeddings, n, d);
        brute.Build(embeddings, n, d);
        for (ulong q = 0; q < 50; q++)
        {
            var query = Gaussian(d, 100 + q);
            Assert.Equal(brute.ArgMax(query), srp.ArgMax(query));
            Assert.Equal(n, srp.LastScored);
        }
    }

    [Fact]
    public void SrpMedianOffsetsSplitACandidateSetInHalvesPerBit()
    {
        const int n = 1000, d = 6, bits = 3;
        var srp = new SrpIndex(d, bits, 0, medianOffsets: true, seed: 2);
        srp.Build(Gaussian(n * d, 3), n, d);
        for (int bit = 0; bit < bits; bit++)
        {
            int ones = Enumerable.Range(0, n).Count(i => (srp.CodeOf(i) >> bit & 1) == 1);
            Assert.InRange(ones, n / 2 - 1, n / 2); // strictly above the median: ⌊N/2⌋ or one fewer with ties
        }
    }

    [Theory]
    [InlineData(1000, 2, 3, false)]
    [InlineData(1000, 2, 3, true)] // values on a grid of halves: many ties, ±0 among them
    [InlineData(333, 5, 4, true)]
    [InlineData(3, 1, 2, false)]
    [InlineData(1, 3, 1, false)]
    public void SrpCodesAreTheProjectionsAboveTheSortedMedian(int n, int d, int bits, bool ties)
    {
        // The reference: the lifted projections computed one candidate at a time in the index's order of operations,
        // the offset read off a full sort at rank ⌊n/2⌋, and bit i set where the projection lies above it.
        const ulong seed = 8;
        var embeddings = Gaussian(n * d, 30 + (ulong)n);
        if (ties) for (int k = 0; k < embeddings.Length; k++) embeddings[k] = MathF.Round(2 * embeddings[k]) / 2 * (k % 7 == 0 ? -1 : 1);
        var directions = new double[bits * (d + 1)];
        OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Index, 1, d, bits), bits, d + 1, directions);
        var norm2 = Enumerable.Range(0, n).Select(c =>
        {
            float sum = 0;
            for (int j = 0; j < d; j++) sum += embeddings[j * n + c] * embeddings[j * n + c];
            return sum;
        }).ToArray();
        float max = norm2.Max();
        var expected = new int[n];
        for (int i = 0; i < bits; i++)
        {
            var w = directions.Skip(i * (d + 1)).Take(d + 1).Select(v => (float)v).ToArray();
            var projection = Enumerable.Range(0, n).Select(c =>
            {
                float p = embeddings[c] * w[0];
                for (int j = 1; j < d; j++) p += embeddings[j * n + c] * w[j];
                return p + MathF.Sqrt(max - norm2[c]) * w[d];
            }).ToArray();
            float median = projection.Order().ElementAt(n / 2);
            for (int c = 0; c < n; c++) if (projection[c] > median) expected[c] |= 1 << i;
        }
        var srp = new SrpIndex(d, bits, 0, medianOffsets: true, seed);
        srp.Build(embeddings, n, d);
        Assert.Equal(expected, Enumerable.Range(0, n).Select(srp.CodeOf));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(6, 0)]
    [InlineData(3, 500)]
    public void SrpRecallAtOneAgainstBruteForceIsReported(int bits, int budget)
    {
        // Random Gaussian embeddings and queries; recall@1 = how often the SRP answer is the exact argmax.
        const int n = 1000, d = 6, queries = 2000;
        var embeddings = Gaussian(n * d, 7);
        var srp = new SrpIndex(d, bits, budget, medianOffsets: true, seed: 11);
        var brute = new BruteForceIndex();
        srp.Build(embeddings, n, d);
        brute.Build(embeddings, n, d);
        int hits = 0;
        long scored = 0;
        for (ulong q = 0; q < queries; q++)
        {
            var query = Gaussian(d, 1000 + q);
            if (srp.ArgMax(query) == brute.ArgMax(query)) hits++;
            scored += srp.LastScored;
        }
        double recall = (double)hits / queries;
        output.WriteLine($"SRP m = {bits}, budget {srp.Budget}: recall@1 = {recall:0.000}, mean candidates scored {scored / (double)queries:0} of {n}");
        // Floors well below what this seed measures (see the test output), so the test catches a broken index.
        double floor = budget == 500 ? 0.85 : bits == 3 ? 0.6 : 0.3;
        Assert.True(recall > floor, $"recall {recall}");
        Assert.True(scored < (long)queries * n, "SRP must score fewer candidates than brute force");
    }

    [Fact]
    public void RandomFeatureTreeProbabilitiesAreTheRatiosOfLemmaB1()
    {
        const int n = 16, d = 3;
        var keys = Gaussian(n * d, 21, 0.5);
        var rft = new RandomFeatureTreeIndex(d, 32, seed: 4);
        rft.Build(keys, n, d);
        var query = Gaussian(d, 22, 0.5);
        // The product of branch probabilities telescopes to ψ(q)ᵀψ(k_i) / Σ_j ψ(q)ᵀψ(k_j).
        var psiQ = new double[32];
        rft.Features(query, psiQ);
        var weights = new double[n];
        var psiK = new double[32];
        for (int i = 0; i < n; i++)
        {
            rft.Features(Enumerable.Range(0, d).Select(j => keys[j * n + i]).ToArray(), psiK);
            weights[i] = psiQ.Zip(psiK, (a, b) => a * b).Sum();
        }
        double total = weights.Sum();
        for (int i = 0; i < n; i++) Assert.Equal(weights[i] / total, rft.Probability(query, i), 10);
    }

    [Theory]
    [InlineData(3, 64)] // eight 512-bit vectors
    [InlineData(7, 13)] // one 512-bit vector, one 256-bit vector and a scalar tail
    [InlineData(1, 3)]  // the scalar width only
    public void RandomFeatureTreeFeaturesAreTheFormulaComputedOneFeatureAtATime(int d, int m)
    {
        // ψ(x)ᵢ = exp(ωᵢᵀx − ‖x‖²/2)/√m with ω the index's orthogonal Gaussian block (its documented stream), each
        // feature computed alone in double precision: every vector width must round exactly as this does, so that a
        // machine with or without AVX-512 builds the same tree.
        const ulong seed = 9;
        var omega = new double[m * d];
        OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Index, 2, d, m), m, d, omega);
        var rft = new RandomFeatureTreeIndex(d, m, seed);
        var psi = new double[m];
        for (int trial = 0; trial < 50; trial++)
        {
            var x = Gaussian(d, 100 + (ulong)trial, trial % 5 + 0.5);
            rft.Features(x, psi);
            double norm2 = 0;
            foreach (float v in x) norm2 += (double)v * v;
            for (int i = 0; i < m; i++)
            {
                double projection = 0;
                for (int j = 0; j < d; j++) projection += omega[i * d + j] * x[j];
                double expected = Exponential.Exp(projection - norm2 / 2) * (1.0 / Math.Sqrt(m));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(psi[i]));
            }
        }
    }

    [Fact]
    public void RandomFeatureTreeSamplesTheSoftmaxByChiSquare()
    {
        // Small set, many features, small norms (the relative error of positive random features grows like
        // exp(‖q + k‖²)/m): sampling frequencies must match exp(q·k) normalised.
        const int n = 8, d = 3, features = 8192, draws = 20_000;
        var keys = Gaussian(n * d, 31, 0.3);
        var query = Gaussian(d, 32, 0.3);
        var rft = new RandomFeatureTreeIndex(d, features, seed: 9);
        rft.Build(keys, n, d);
        var rng = new CounterRng(33, StreamPurpose.User);
        var counts = new int[n];
        for (int t = 0; t < draws; t++) counts[rft.Sample(query, rng)]++;
        var exact = Enumerable.Range(0, n).Select(i => Math.Exp(Enumerable.Range(0, d).Sum(j => (double)query[j] * keys[j * n + i]))).ToArray();
        double z = exact.Sum();
        double chi2 = 0;
        for (int i = 0; i < n; i++)
        {
            double expected = draws * exact[i] / z;
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        output.WriteLine($"chi-square {chi2:0.00} with {n - 1} degrees of freedom; counts {string.Join(",", counts)}");
        Assert.True(chi2 < 24.32, $"chi-square {chi2} (7 degrees of freedom, 0.999 quantile 24.32)");
    }

    [Fact]
    public void IttRebuildsItsIndexWhenTheActionTowerOrAStarChangesAndOnlyThen()
    {
        var arch = PolicyArchitecture.Create(PolicyKind.Itt, 3, BoxSpace.Uniform(2, -1, 1), new LayerOptions());
        var policy = new ImplicitTwoTowerPolicy(arch, new PolicyOptions(256, CandidateSampling.PerIteration, Index: new IndexOptions(IndexKind.Srp)));
        var theta = Gaussian(arch.ParameterCount, 40);
        policy.Bind(theta);
        var action = new float[2];
        void Episode(ulong key)
        {
            policy.BeginEpisode(new CounterRng(1, StreamPurpose.User), key);
            for (int t = 0; t < 5; t++) policy.Act([t, 1f, -1f], action);
        }
        Episode(7);
        Assert.Equal(1, policy.EmbeddingBuilds);
        Episode(7); // same A*, same weights
        Assert.Equal(1, policy.EmbeddingBuilds);
        theta[0] += 1; // state tower only
        Episode(7);
        Assert.Equal(1, policy.EmbeddingBuilds);
        theta[arch.ActionTowerOffset] += 1; // action tower
        Episode(7);
        Assert.Equal(2, policy.EmbeddingBuilds);
        Episode(8); // a new A*
        Assert.Equal(3, policy.EmbeddingBuilds);
        Episode(8);
        Assert.Equal(3, policy.EmbeddingBuilds);
    }
}
