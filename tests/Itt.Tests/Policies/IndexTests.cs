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
        const ulong seed = 8;
        var embeddings = Gaussian(n * d, 30 + (ulong)n);
        if (ties) for (int k = 0; k < embeddings.Length; k++) embeddings[k] = MathF.Round(2 * embeddings[k]) / 2 * (k % 7 == 0 ? -1 : 1);
        var reference = new ReferenceSrp(embeddings, n, d, bits, seed);
        var srp = new SrpIndex(d, bits, 0, medianOffsets: true, seed);
        srp.Build(embeddings, n, d);
        Assert.Equal(reference.Codes, Enumerable.Range(0, n).Select(srp.CodeOf));
    }

    [Theory]
    [InlineData(3, 0)]   // the default budget, 2N / 2^m
    [InlineData(6, 0)]
    [InlineData(3, 500)]
    [InlineData(4, 1)]   // the query's own bucket only (or the nearest non-empty ones)
    public void SrpProbesBucketsInHammingOrderUntilTheBudgetIsSpent(int bits, int budget)
    {
        // The reference walks the buckets in increasing Hamming distance from the query's code (ties by mask value),
        // taking each bucket's candidates whole, until at least the budget is scored, and answers the exact argmax of
        // what it took (ties to the lowest index), with the brute-force index's scores.
        const int n = 1000, d = 6;
        const ulong seed = 11;
        var embeddings = Gaussian(n * d, 7);
        var reference = new ReferenceSrp(embeddings, n, d, bits, seed);
        var srp = new SrpIndex(d, bits, budget, medianOffsets: true, seed);
        var brute = new BruteForceIndex();
        srp.Build(embeddings, n, d);
        brute.Build(embeddings, n, d);
        int spend = budget > 0 ? budget : 2 * n >> bits;
        Assert.Equal(spend, srp.Budget);
        for (ulong q = 0; q < 300; q++)
        {
            var query = Gaussian(d, 1000 + q);
            var probed = reference.Probed(query, spend);
            var scores = brute.Scores(query).ToArray();
            int expected = probed.OrderByDescending(c => scores[c]).ThenBy(c => c).First();
            Assert.Equal(expected, srp.ArgMax(query));
            Assert.Equal(probed.Count, srp.LastScored);
        }
    }

    [Fact]
    public void ARebuiltIndexAnswersAsAFreshOne()
    {
        // Indexes keep their buffers between builds (A* changes at every step): a build over fewer candidates, or over
        // new candidates of the same count, must leave nothing of the previous one behind.
        const int d = 4;
        var srp = new SrpIndex(d, 3, 0, medianOffsets: true, seed: 3);
        var rft = new RandomFeatureTreeIndex(d, 16, seed: 3);
        foreach (var (n, data) in new[] { (1000, 50UL), (300, 51UL), (300, 52UL), (1000, 53UL) })
        {
            var embeddings = Gaussian(n * d, data);
            srp.Build(embeddings, n, d);
            rft.Build(embeddings, n, d);
            var freshSrp = new SrpIndex(d, 3, 0, medianOffsets: true, seed: 3);
            var freshRft = new RandomFeatureTreeIndex(d, 16, seed: 3);
            freshSrp.Build(embeddings, n, d);
            freshRft.Build(embeddings, n, d);
            for (ulong q = 0; q < 50; q++)
            {
                var query = Gaussian(d, 900 + q);
                Assert.Equal(freshSrp.ArgMax(query), srp.ArgMax(query));
                Assert.Equal(freshSrp.LastScored, srp.LastScored);
                Assert.Equal(freshRft.ArgMax(query), rft.ArgMax(query));
            }
        }
    }

    [Theory]
    [InlineData(0)]  // the whole of A*: the softmax over every candidate
    [InlineData(2)]  // part of it: draws only from the probed buckets
    public void SrpSamplesTheSoftmaxOfWhatItProbes(int budget)
    {
        const int n = 8, d = 3, draws = 20_000;
        var keys = Gaussian(n * d, 61, 0.5);
        var srp = new SrpIndex(d, 2, budget == 0 ? n : budget, medianOffsets: true, seed: 6);
        srp.Build(keys, n, d);
        var brute = new BruteForceIndex();
        brute.Build(keys, n, d);
        var query = Gaussian(d, 62, 0.5);
        var probed = new ReferenceSrp(keys, n, d, 2, 6).Probed(query, budget == 0 ? n : budget);
        var rng = new CounterRng(63, StreamPurpose.User);
        var counts = new int[n];
        for (int t = 0; t < draws; t++) counts[srp.Sample(query, rng)]++;
        var weights = brute.Scores(query).ToArray().Select((s, i) => probed.Contains(i) ? Math.Exp(s) : 0).ToArray();
        double z = weights.Sum(), chi2 = 0;
        for (int i = 0; i < n; i++)
        {
            if (weights[i] == 0) { Assert.Equal(0, counts[i]); continue; }
            double expected = draws * weights[i] / z;
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        // The 0.999 quantiles of chi-square with k − 1 degrees of freedom, k = 2 … 8 candidates drawn from.
        double[] quantile = [0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32];
        Assert.InRange(probed.Count, 2, n);
        output.WriteLine($"{probed.Count} candidates probed; chi-square {chi2:0.00}; counts {string.Join(",", counts)}");
        Assert.True(chi2 < quantile[probed.Count - 1], $"chi-square {chi2} over {probed.Count} candidates");
    }

    /// <summary>
    /// The SRP index recomputed from its definition one candidate at a time: each direction's lifted projections
    /// (the embedding, then √(C² − ‖e‖²) with C² the largest ‖e‖²), the offset read off a full sort at rank ⌊n/2⌋, bit i
    /// set where the projection lies above it; a query's bit i is set where its projection, scaled to radius C, does.
    /// </summary>
    private sealed class ReferenceSrp
    {
        private readonly float[][] _directions;
        private readonly float[] _offsets;
        private readonly float _radius;
        private readonly int _latent;

        public int[] Codes { get; }

        public ReferenceSrp(float[] embeddings, int n, int d, int bits, ulong seed)
        {
            _latent = d;
            var directions = new double[bits * (d + 1)];
            OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Index, 1, d, bits), bits, d + 1, directions);
            _directions = Enumerable.Range(0, bits).Select(i => directions.Skip(i * (d + 1)).Take(d + 1).Select(v => (float)v).ToArray()).ToArray();
            var norm2 = Enumerable.Range(0, n).Select(c =>
            {
                float sum = 0;
                for (int j = 0; j < d; j++) sum += embeddings[j * n + c] * embeddings[j * n + c];
                return sum;
            }).ToArray();
            float max = norm2.Max();
            _radius = MathF.Sqrt(max);
            _offsets = new float[bits];
            Codes = new int[n];
            for (int i = 0; i < bits; i++)
            {
                var w = _directions[i];
                var projection = Enumerable.Range(0, n).Select(c =>
                {
                    float p = embeddings[c] * w[0];
                    for (int j = 1; j < d; j++) p += embeddings[j * n + c] * w[j];
                    return p + MathF.Sqrt(max - norm2[c]) * w[d];
                }).ToArray();
                _offsets[i] = projection.Order().ElementAt(n / 2);
                for (int c = 0; c < n; c++) if (projection[c] > _offsets[i]) Codes[c] |= 1 << i;
            }
        }

        public int QueryCode(float[] query)
        {
            float norm2 = 0;
            foreach (var q in query) norm2 += q * q;
            float scale = _radius / MathF.Sqrt(norm2);
            int code = 0;
            for (int i = 0; i < _directions.Length; i++)
            {
                float p = 0;
                for (int j = 0; j < _latent; j++) p += _directions[i][j] * query[j];
                if (p * scale > _offsets[i]) code |= 1 << i;
            }
            return code;
        }

        /// <summary>The candidates a query with this budget scores: whole buckets in Hamming order from its code.</summary>
        public List<int> Probed(float[] query, int budget)
        {
            int code = QueryCode(query);
            var probed = new List<int>();
            foreach (int mask in Enumerable.Range(0, 1 << _directions.Length).OrderBy(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m))
            {
                probed.AddRange(Enumerable.Range(0, Codes.Length).Where(c => Codes[c] == (code ^ mask)));
                if (probed.Count >= budget) break;
            }
            return probed;
        }
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
    [InlineData(30, 0.05)] // A*'s features underflow, the query's do not
    [InlineData(0.05, 30)] // the other way round
    public void RandomFeatureTreeKeepsLemmaB1sRatiosWhereOneSidesFeaturesAllUnderflow(double keyScale, double queryScale)
    {
        // Embeddings of norm about 50 on one side: every exponent ωᵀx − ‖x‖²/2 there lies far below −745, so every
        // feature computed as the formula writes it is 0 (and so would be every weight). The reference works in
        // logarithms: log ψ(q)ᵀψ(k_i) = logsumexp_j(e_j(q) + e_j(k_i)) − log m, whose normalised exponential over i is
        // Lemma B.1's distribution; the index must give it, and draw only where it is not negligible.
        const int n = 16, d = 3, m = 32;
        var keys = Gaussian(n * d, 81, keyScale);
        var query = Gaussian(d, 82, queryScale);
        var rft = new RandomFeatureTreeIndex(d, m, seed: 8);
        rft.Build(keys, n, d);
        var omega = new double[m * d];
        OrthogonalGaussian.Fill(8, StreamKey.Derive(StreamPurpose.Index, 2, d, m), m, d, omega);
        double[] Exponents(float[] x) => Enumerable.Range(0, m).Select(i =>
            Enumerable.Range(0, d).Sum(j => omega[i * d + j] * x[j]) - x.Sum(v => (double)v * v) / 2).ToArray();
        var large = keyScale > queryScale ? Enumerable.Range(0, d).Select(j => keys[j * n]).ToArray() : query;
        var psi = new double[m];
        rft.Features(large, psi);
        Assert.All(psi, f => Assert.Equal(0.0, f));
        Assert.True(Exponents(large).Max() < -745);

        var eq = Exponents(query);
        var logWeights = Enumerable.Range(0, n).Select(i =>
        {
            var ek = Exponents(Enumerable.Range(0, d).Select(j => keys[j * n + i]).ToArray());
            var terms = eq.Zip(ek, (a, b) => a + b).ToArray();
            double top = terms.Max();
            return top + Math.Log(terms.Sum(t => Math.Exp(t - top)));
        }).ToArray();
        double logTotal = logWeights.Max() + Math.Log(logWeights.Sum(w => Math.Exp(w - logWeights.Max())));
        var expected = logWeights.Select(w => Math.Exp(w - logTotal)).ToArray();
        var actual = Enumerable.Range(0, n).Select(i => rft.Probability(query, i)).ToArray();
        output.WriteLine($"largest probability {expected.Max():0.000000}; index {string.Join(", ", actual.Select(p => p.ToString("0.######")))}");
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], actual[i], 1e-9);
        Assert.Equal(1.0, actual.Sum(), 1e-9);
        // Large keys differ in −‖k‖²/2 by hundreds, so one leaf carries the whole distribution and the greedy descent must
        // find it; a large query shifts every weight alike and leaves a spread distribution, whose ratios are the test.
        if (keyScale > queryScale) Assert.Equal(Array.IndexOf(expected, expected.Max()), rft.ArgMax(query));
        else Assert.True(expected.Max() < 0.5, "a distribution concentrated on one leaf would not test the ratios");
        var rng = new CounterRng(83, StreamPurpose.User);
        for (int t = 0; t < 200; t++) Assert.True(expected[rft.Sample(query, rng)] > 1e-12);
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

    [Theory]
    [InlineData(1000, 4, 16)]
    [InlineData(17, 2, 5)] // 32 leaves, 15 of them padding
    [InlineData(1, 3, 4)]
    public void RandomFeatureTreeArgMaxDescendsToTheHeavierChild(int n, int d, int m)
    {
        // The reference builds the tree from its definition: the leaves in the index's documented random order (a
        // Fisher–Yates shuffle of 0 … N − 1 by its stream), padding leaves of zero features, every node the sum of its
        // two children computed recursively from the leaves' features; from the root it steps to the child of larger
        // ψ(q)ᵀξ (the left one on a tie) down to a leaf.
        const ulong seed = 12;
        var embeddings = Gaussian(n * d, 70, 0.5);
        var rft = new RandomFeatureTreeIndex(d, m, seed);
        rft.Build(embeddings, n, d);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n);
        Assert.Equal(size, rft.Leaves);
        var leafToCandidate = Enumerable.Range(0, size).Select(i => i < n ? i : -1).ToArray();
        var shuffle = new CounterRng(seed, StreamPurpose.Index, 3, n);
        for (int i = n - 1; i > 0; i--)
        {
            int j = shuffle.NextInt(i + 1);
            (leafToCandidate[i], leafToCandidate[j]) = (leafToCandidate[j], leafToCandidate[i]);
        }
        double[] Xi(int node)
        {
            if (node >= size)
            {
                var psi = new double[m];
                int candidate = leafToCandidate[node - size];
                if (candidate >= 0) rft.Features(Enumerable.Range(0, d).Select(j => embeddings[j * n + candidate]).ToArray(), psi);
                return psi;
            }
            var (left, right) = (Xi(2 * node), Xi(2 * node + 1));
            return left.Zip(right, (a, b) => a + b).ToArray();
        }
        var xi = Enumerable.Range(0, 2 * size).Select(v => v == 0 ? [] : Xi(v)).ToArray();
        var psiQ = new double[m];
        for (ulong q = 0; q < 100; q++)
        {
            var query = Gaussian(d, 700 + q, 0.5);
            rft.Features(query, psiQ);
            double Weight(int node)
            {
                double s = 0;
                for (int i = 0; i < m; i++) s += psiQ[i] * xi[node][i];
                return s;
            }
            int v = 1;
            while (v < size) v = Weight(2 * v) >= Weight(2 * v + 1) ? 2 * v : 2 * v + 1;
            Assert.Equal(Math.Max(leafToCandidate[v - size], 0), rft.ArgMax(query));
        }
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
            // Whatever it reuses, the policy acts as one built afresh for the same θ and A* does.
            var fresh = new ImplicitTwoTowerPolicy(arch, new PolicyOptions(256, CandidateSampling.PerIteration, Index: new IndexOptions(IndexKind.Srp)));
            fresh.Bind(theta.ToArray());
            policy.BeginEpisode(new CounterRng(1, StreamPurpose.User), key);
            fresh.BeginEpisode(new CounterRng(1, StreamPurpose.User), key);
            var expected = new float[2];
            for (int t = 0; t < 5; t++)
            {
                policy.Act([t, 1f, -1f], action);
                fresh.Act([t, 1f, -1f], expected);
                Assert.Equal(expected, action);
            }
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
