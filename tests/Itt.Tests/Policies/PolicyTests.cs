using Itt.Core.Numerics;
using Itt.Core.Random;
using Itt.Environments.Spaces;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;
using Itt.Policies.Networks;

namespace Itt.Tests.Policies;

public class PolicyTests
{
    private static float[] RandomVector(int n, ulong seed)
    {
        var rng = new CounterRng(seed, StreamPurpose.User);
        return Enumerable.Range(0, n).Select(_ => (float)rng.NextGaussian()).ToArray();
    }

    [Fact]
    public void MlpComputesReluHiddenAndLinearOutputByHand()
    {
        // 2 → 2 → 1: W1 = [[1, −1], [2, 0.5]], W2 = [[3, −2]].
        var mlp = new Mlp([2, 2, 1], linear: false);
        float[] theta = [1, -1, 2, 0.5f, 3, -2];
        var y = new float[1];
        mlp.Forward(theta, [1f, 2f], y, new float[4]);
        // h = relu([1 − 2, 2 + 1]) = [0, 3]; y = 3·0 − 2·3 = −6.
        Assert.Equal(-6f, y[0]);
        var linear = new Mlp([2, 2, 1], linear: true);
        linear.Forward(theta, [1f, 2f], y, new float[4]);
        Assert.Equal(3 * -1f - 2 * 3f, y[0]); // no ReLU: h = [−1, 3]
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(37)]
    public void BatchedForwardEqualsPerSampleForwardBitForBit(int batch)
    {
        var mlp = new Mlp([5, 6, 6, 3], linear: false);
        var theta = RandomVector(mlp.ParameterCount, 1);
        var inputs = RandomVector(5 * batch, 2); // structure of arrays
        var batchOut = new float[3 * batch];
        mlp.ForwardBatch(theta, inputs, batchOut, batch, new float[2 * mlp.MaxWidth * batch]);
        for (int b = 0; b < batch; b++)
        {
            var x = Enumerable.Range(0, 5).Select(j => inputs[j * batch + b]).ToArray();
            var y = new float[3];
            mlp.Forward(theta, x, y, new float[2 * mlp.MaxWidth]);
            for (int o = 0; o < 3; o++) Assert.Equal(y[o], batchOut[o * batch + b]);
        }
    }

    [Fact]
    public void BruteForceIndexFindsTheLargestInnerProduct()
    {
        const int n = 101, d = 4;
        var embeddings = RandomVector(n * d, 3);
        var index = new BruteForceIndex();
        index.Build(embeddings, n, d);
        for (ulong q = 0; q < 20; q++)
        {
            var query = RandomVector(d, 100 + q);
            int best = 0;
            float bestScore = float.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                float s = 0;
                for (int j = 0; j < d; j++) s += query[j] * embeddings[j * n + i];
                if (s > bestScore) { bestScore = s; best = i; }
            }
            Assert.Equal(best, index.ArgMax(query));
        }
    }

    [Fact]
    public void SoftmaxSamplingMatchesExpScoresByChiSquare()
    {
        float[] scores = [0f, 1f, -0.5f, 2f];
        double z = scores.Sum(s => Math.Exp(s));
        var rng = new CounterRng(21, StreamPurpose.User);
        const int draws = 40_000;
        var counts = new int[4];
        for (int i = 0; i < draws; i++) counts[Softmax.Sample(scores, rng)]++;
        double chi2 = 0;
        for (int i = 0; i < 4; i++)
        {
            double expected = draws * Math.Exp(scores[i]) / z;
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        Assert.True(chi2 < 16.27, $"chi-square {chi2} (3 degrees of freedom, 0.999 quantile 16.27)");
    }

    [Fact]
    public void DiscreteActionsAreEncodedEvenlyOnMinusOneToOneAndReadOutAsIndices()
    {
        Assert.Equal([-1f, 1f], new[] { ActionEncoding.EncodeDiscrete(0, 2), ActionEncoding.EncodeDiscrete(1, 2) });
        Assert.Equal([-1f, 0f, 1f], Enumerable.Range(0, 3).Select(k => ActionEncoding.EncodeDiscrete(k, 3)));
        Assert.Equal(0, ActionEncoding.ReadOutIndex(-3f, 3));
        Assert.Equal(0, ActionEncoding.ReadOutIndex(0f, 3)); // silent ReLU units still reach action 0
        Assert.Equal(0, ActionEncoding.ReadOutIndex(0.49f, 3));
        Assert.Equal(1, ActionEncoding.ReadOutIndex(0.51f, 3));
        Assert.Equal(2, ActionEncoding.ReadOutIndex(1.5f, 3)); // halves go to even
        Assert.Equal(2, ActionEncoding.ReadOutIndex(2.5f, 3));
        Assert.Equal(2, ActionEncoding.ReadOutIndex(1e9f, 3));
        Assert.Equal(0, ActionEncoding.ReadOutIndex(float.NaN, 3));
        Assert.Equal(1, ActionEncoding.ReadOutIndex(float.PositiveInfinity, 2));
    }

    [Fact]
    public void IttPicksTheCandidateOfLargestInnerProductByHand()
    {
        // CartPole shapes: state tower 4 → 1 → 1 (ReLU hidden), action tower 1 → 1.
        var arch = PolicyArchitecture.Create(PolicyKind.Itt, 4, new DiscreteSpace(2), new LayerOptions(StateLayers: 2, ActionLayers: 1));
        Assert.Equal(6, arch.ParameterCount);
        var policy = Policy.Create(arch, new PolicyOptions());
        float[] theta = [0, 0, 1, 0, 2, 3]; // h = relu(θ_pole), l_S = 2h, l_A(a) = 3a
        policy.Bind(theta);
        policy.BeginEpisode(new CounterRng(0, StreamPurpose.User));
        var action = new float[1];
        policy.Act([0f, 0f, 0.1f, 0f], action); // score(a) = 0.6·a → a = +1 → index 1
        Assert.Equal(1f, action[0]);
        policy.Act([0f, 0f, -0.1f, 0f], action); // h = 0: all scores 0, the tie goes to index 0
        Assert.Equal(0f, action[0]);
    }

    [Fact]
    public void IttReusesActionEmbeddingsWhileAStarAndThetaAreUnchanged()
    {
        var box = BoxSpace.Uniform(2, -1, 1);
        var arch = PolicyArchitecture.Create(PolicyKind.Itt, 3, box, new LayerOptions());
        var perRollout = new ImplicitTwoTowerPolicy(arch, new PolicyOptions(64, CandidateSampling.PerRollout));
        var perStep = new ImplicitTwoTowerPolicy(arch, new PolicyOptions(64, CandidateSampling.PerStep));
        var theta = RandomVector(arch.ParameterCount, 4);
        var action = new float[2];
        foreach (var p in new[] { perRollout, perStep })
        {
            p.Bind(theta);
            for (int episode = 0; episode < 2; episode++)
            {
                p.BeginEpisode(new CounterRng(1, StreamPurpose.User, episode));
                for (int t = 0; t < 10; t++) p.Act([0.1f * t, 1f, -1f], action);
            }
        }
        Assert.Equal(2, perRollout.EmbeddingBuilds); // once per episode
        Assert.Equal(20, perStep.EmbeddingBuilds); // every step
    }

    [Theory]
    [InlineData(2, 1, 2, 3, 50)]
    [InlineData(11, 3, 2, 3, 1000)] // Hopper-v4's shapes
    [InlineData(24, 5, 6, 20, 77)]  // fish-swim's: six layers of width 20, N off the 32-sample blocks
    public void IotScoresEveryPairWithTheEnergyNetwork(int observations, int actions, int layers, int width, int samples)
    {
        var box = BoxSpace.Uniform(actions, -1, 1);
        var arch = PolicyArchitecture.Create(PolicyKind.Iot, observations, box, new LayerOptions(NetworkLayers: layers, Width: width));
        var policy = (ImplicitOneTowerPolicy)Policy.Create(arch, new PolicyOptions(samples));
        var theta = RandomVector(arch.ParameterCount, 8);
        policy.Bind(theta);
        policy.BeginEpisode(new CounterRng(2, StreamPurpose.User));
        var obs = RandomVector(observations, 9);
        var action = new float[actions];
        policy.Act(obs, action);
        // Reference: evaluate the network on the concatenation [s, a] of every candidate, one at a time.
        var net = arch.Network!;
        var candidates = policy.Candidates;
        int best = 0;
        float bestScore = float.NegativeInfinity;
        var y = new float[1];
        for (int i = 0; i < candidates.Count; i++)
        {
            var pair = obs.Concat(Enumerable.Range(0, actions).Select(j => candidates.Values[j * candidates.Count + i])).ToArray();
            net.Forward(theta, pair, y, new float[2 * net.MaxWidth]);
            if (y[0] > bestScore) { bestScore = y[0]; best = i; }
        }
        for (int j = 0; j < actions; j++) Assert.Equal(candidates.Values[j * candidates.Count + best], action[j]);
        Assert.Throws<ArgumentException>(() => policy.Act(obs.Skip(1).ToArray(), action));
    }

    [Theory]
    [InlineData(3, 2, 1, 1, 64)]
    [InlineData(5, 3, 2, 3, 100)]
    public void IttScoresEveryCandidateWithItsTwoTowers(int observations, int actions, int stateLayers, int actionLayers, int samples)
    {
        var arch = PolicyArchitecture.Create(PolicyKind.Itt, observations, BoxSpace.Uniform(actions, -1, 1),
            new LayerOptions(Width: 5, Latent: 4, StateLayers: stateLayers, ActionLayers: actionLayers));
        var policy = (ImplicitTwoTowerPolicy)Policy.Create(arch, new PolicyOptions(samples, CandidateSampling.PerStep));
        var theta = RandomVector(arch.ParameterCount, 18);
        policy.Bind(theta);
        policy.BeginEpisode(new CounterRng(3, StreamPurpose.User));
        // Reference: l_S(s) and each candidate's l_A(a) through their towers one at a time, the inner product summed in
        // the brute-force index's order (fused multiply-adds from the first coordinate), the first largest winning.
        var (stateTower, actionTower) = (arch.StateTower!, arch.ActionTower!);
        var scratch = new float[2 * Math.Max(stateTower.MaxWidth, actionTower.MaxWidth)];
        var (query, key) = (new float[4], new float[4]);
        var action = new float[actions];
        for (int t = 0; t < 5; t++)
        {
            var obs = RandomVector(observations, 30 + (ulong)t);
            policy.Act(obs, action);
            var candidates = policy.Candidates;
            stateTower.Forward(theta.AsSpan(0, stateTower.ParameterCount), obs, query, scratch);
            int best = 0;
            float bestScore = float.NegativeInfinity;
            for (int i = 0; i < candidates.Count; i++)
            {
                var a = Enumerable.Range(0, actions).Select(j => candidates.Values[j * candidates.Count + i]).ToArray();
                actionTower.Forward(theta.AsSpan(arch.ActionTowerOffset, actionTower.ParameterCount), a, key, scratch);
                float score = key[0] * query[0];
                for (int j = 1; j < key.Length; j++) score = MathF.FusedMultiplyAdd(key[j], query[j], score);
                if (score > bestScore) (bestScore, best) = (score, i);
            }
            for (int j = 0; j < actions; j++) Assert.Equal(candidates.Values[j * candidates.Count + best], action[j]);
        }
    }

    [Fact]
    public void AnAllLinearIotPicksTheSameCandidateInEveryStateAndAnAllLinearIttDoesNot()
    {
        // The paper's Swimmer networks are linear in every layer. IOT's energy is then u·s + v·a, so its argmax over a
        // fixed A* is the same whatever the state; ITT's score (W_s s)·(W_a a) is bilinear and follows the state.
        // docs/results.md reads our IOT's Swimmer returns (all near 23) with this.
        var box = BoxSpace.Uniform(2, -1, 1); // Swimmer-v4: 8 observations, 2 actions, width = latent = 2
        var layers = new LayerOptions(StateLayers: 1, ActionLayers: 1, NetworkLayers: 2, Width: 2, Linear: true);
        int Distinct(PolicyKind kind)
        {
            var arch = PolicyArchitecture.Create(kind, 8, box, layers);
            var policy = Policy.Create(arch, new PolicyOptions(1000, CandidateSampling.PerRollout));
            policy.Bind(RandomVector(arch.ParameterCount, 21));
            policy.BeginEpisode(new CounterRng(4, StreamPurpose.User));
            var chosen = new HashSet<(float, float)>();
            var action = new float[2];
            for (int t = 0; t < 50; t++)
            {
                policy.Act(RandomVector(8, 100 + (ulong)t), action);
                chosen.Add((action[0], action[1]));
            }
            return chosen.Count;
        }
        Assert.Equal(1, Distinct(PolicyKind.Iot));
        // ITT maximises (W_aᵀ W_s s)·a over A*: the candidate nearest the corner of the box that the state points to.
        Assert.True(Distinct(PolicyKind.Itt) > 1);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 33)]
    [InlineData(true, 100)]
    public void ABatchWithASharedPrefixEqualsTheConcatenatedBatchBitForBit(bool linear, int batch)
    {
        // IOT's case: 9 shared (state) inputs, 4 per-sample (action) inputs.
        var mlp = new Mlp([13, 7, 7, 1], linear);
        var theta = RandomVector(mlp.ParameterCount, 11);
        var shared = RandomVector(9, 12);
        var rest = RandomVector(4 * batch, 13);
        var concatenated = new float[13 * batch];
        for (int j = 0; j < 9; j++) Array.Fill(concatenated, shared[j], j * batch, batch);
        rest.CopyTo(concatenated, 9 * batch);
        var expected = new float[batch];
        var actual = new float[batch];
        mlp.ForwardBatch(theta, concatenated, expected, batch, new float[2 * mlp.MaxWidth * batch]);
        mlp.ForwardBatch(theta, shared, rest, actual, batch, new float[2 * mlp.MaxWidth * batch]);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ExplicitPolicyClipsToTheBoxAndReadsADiscreteOutputAsAnIndex()
    {
        var box = new BoxSpace([-2f], [2f]);
        var arch = PolicyArchitecture.Create(PolicyKind.Explicit, 1, box, new LayerOptions(NetworkLayers: 1));
        var policy = Policy.Create(arch, new PolicyOptions());
        policy.Bind([10f]);
        var action = new float[1];
        policy.Act([1f], action);
        Assert.Equal(2f, action[0]);
        policy.Act([-0.1f], action);
        Assert.Equal(-1f, action[0]);

        var discrete = PolicyArchitecture.Create(PolicyKind.Explicit, 1, new DiscreteSpace(3), new LayerOptions(NetworkLayers: 1));
        var d = Policy.Create(discrete, new PolicyOptions());
        d.Bind([1f]);
        d.Act([1.8f], action);
        Assert.Equal(2f, action[0]);
        d.Act([0.8f], action);
        Assert.Equal(1f, action[0]);
        d.Act([0.2f], action);
        Assert.Equal(0f, action[0]);
        d.Act([-0.9f], action);
        Assert.Equal(0f, action[0]);
    }

    [Fact]
    public void CandidatesAreUniformInsideTheBox()
    {
        var candidates = new ActionCandidates(new BoxSpace([-1f, 0f], [1f, 3f]), 5000);
        candidates.Resample(new CounterRng(9, StreamPurpose.User));
        var first = candidates.Values.AsSpan(0, 5000).ToArray();
        var second = candidates.Values.AsSpan(5000, 5000).ToArray();
        Assert.All(first, v => Assert.InRange(v, -1f, 1f));
        Assert.All(second, v => Assert.InRange(v, 0f, 3f));
        Assert.InRange(first.Average(), -0.05, 0.05);
        Assert.InRange(second.Average(), 1.45, 1.55);
        // Uniform, not merely inside, and the two coordinates drawn independently (|correlation| under 4 standard
        // errors, 4/√5000).
        Distributions.AssertUniform(first.Select(v => (double)v).ToArray(), -1, 1);
        Distributions.AssertUniform(second.Select(v => (double)v).ToArray(), 0, 3);
        double mx = first.Average(), my = second.Average();
        double cov = first.Zip(second, (x, y) => (x - mx) * (y - my)).Sum();
        double r = cov / Math.Sqrt(first.Sum(x => (x - mx) * (x - mx)) * second.Sum(y => (y - my) * (y - my)));
        Assert.True(Math.Abs(r) < 4 / Math.Sqrt(5000), $"correlation {r}");
    }

    [Fact]
    public void ArgMaxTiesGoToTheLowestIndex()
    {
        Assert.Equal(1, Kernels.ArgMax([0f, 2f, 2f, -1f]));
        Assert.Equal(0, Kernels.ArgMax([float.NaN, float.NaN]));
    }
}

public class KernelTests
{
    [Fact]
    public void BatchedMatMulEqualsTheScalarReferenceBitForBit()
    {
        // Batches on and off the 32- and 8-sample blocks, short and long rows, with and without a started sum,
        // rows further apart than they are long, and zeros (ReLU keeps −0 as the scalar rule does).
        var rng = new CounterRng(21, StreamPurpose.User);
        foreach (int batch in new[] { 1, 7, 8, 31, 32, 33, 64, 71, 200, 600, 611 }) // 600: two tiles of 256, then 64
            for (int trial = 0; trial < 12; trial++)
            {
                int outputs = 1 + rng.NextInt(5), inputs = rng.NextInt(25), stride = inputs + rng.NextInt(3);
                bool started = inputs == 0 || trial % 2 == 0, relu = trial % 3 != 0;
                float Draw() => rng.NextInt(8) == 0 ? (rng.NextInt(2) == 0 ? 0f : -0f) : (float)rng.NextGaussian();
                var w = Enumerable.Range(0, outputs * stride).Select(_ => Draw()).ToArray();
                var x = Enumerable.Range(0, inputs * batch).Select(_ => Draw()).ToArray();
                var start = started ? Enumerable.Range(0, outputs).Select(_ => Draw()).ToArray() : [];
                var y = new float[outputs * batch];
                Kernels.MatMulBatch(w, x, y, outputs, inputs, batch, relu, start, stride);
                for (int o = 0; o < outputs; o++)
                    for (int b = 0; b < batch; b++)
                    {
                        float acc = started ? start[o] : x[b] * w[o * stride];
                        for (int k = started ? 0 : 1; k < inputs; k++) acc = MathF.FusedMultiplyAdd(x[k * batch + b], w[o * stride + k], acc);
                        if (relu && acc < 0) acc = 0;
                        Assert.Equal(BitConverter.SingleToInt32Bits(acc), BitConverter.SingleToInt32Bits(y[o * batch + b]));
                    }
            }
    }

    [Fact]
    public void ElementwiseKernelsEqualTheScalarRuleAtEveryLengthAndRefuseShortSpans()
    {
        var rng = new CounterRng(22, StreamPurpose.User);
        for (int n = 0; n < 20; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
            double s = rng.NextGaussian();
            var sum = new double[n];
            var scaled = new double[n];
            var accumulated = (double[])b.Clone();
            var products = (double[])b.Clone();
            Kernels.Add<double>(a, b, sum);
            Kernels.Scale<double>(a, s, scaled);
            Kernels.AddScaled<double>(a, s, accumulated);
            Kernels.AddProduct<double>(a, a, products);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(a[i] + b[i]), BitConverter.DoubleToInt64Bits(sum[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(s * a[i]), BitConverter.DoubleToInt64Bits(scaled[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(b[i] + s * a[i]), BitConverter.DoubleToInt64Bits(accumulated[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(b[i] + a[i] * a[i]), BitConverter.DoubleToInt64Bits(products[i]));
            }
        }
        Assert.Throws<ArgumentException>(() => Kernels.Add<float>(new float[9], new float[8], new float[9]));
        Assert.Throws<ArgumentException>(() => Kernels.Scale<float>(new float[9], 2f, new float[8]));
        Assert.Throws<ArgumentException>(() => Kernels.AddScaled<double>(new double[5], 2.0, new double[4]));
        Assert.Throws<ArgumentException>(() => Kernels.AddProduct<float>(new float[9], new float[8], new float[9]));
    }

    [Fact]
    public void BatchedMatMulRefusesShapesItsSpansCannotHold()
    {
        Assert.Throws<ArgumentException>(() => Kernels.MatMulBatch(new float[6], new float[6], new float[4], 2, 3, 2, weightStride: 4));
        Assert.Throws<ArgumentException>(() => Kernels.MatMulBatch(new float[6], new float[6], new float[4], 2, 3, 2, weightStride: 2));
        Assert.Throws<ArgumentException>(() => Kernels.MatMulBatch(new float[6], new float[0], new float[4], 2, 0, 2));
    }

    [Fact]
    public void VectorArgMaxEqualsTheScalarReference()
    {
        var rng = new Itt.Core.Random.CounterRng(5, Itt.Core.Random.StreamPurpose.User);
        for (int trial = 0; trial < 400; trial++)
        {
            int n = 1 + rng.NextInt(trial < 300 ? 200 : 3000); // short spans, and long ones through every accumulator
            var values = new float[n];
            for (int i = 0; i < n; i++) values[i] = rng.NextInt(4) == 0 ? rng.NextInt(3) : (float)rng.NextGaussian(); // many ties
            if (trial % 7 == 0) values[rng.NextInt(n)] = float.NaN;
            if (trial % 11 == 0) Array.Fill(values, float.NegativeInfinity);
            Assert.Equal(Itt.Core.Numerics.Kernels.ArgMaxScalar(values), Itt.Core.Numerics.Kernels.ArgMax(values));
        }
    }
}

/// <summary>The explicit baseline can act every way on a discrete task with Table 6's bias-free single output.</summary>
public class ExplicitDiscreteReadOutTests
{
    [Fact]
    public void AHandSetExplicitPolicyPushesBothWaysAndReachesTheMountainCarGoal()
    {
        // MountainCar-v0's explicit shapes (Table 6: D = 4): 2 → 1 → 1 → 1, ReLU hidden, no biases.
        var env = Itt.Environments.Registry.EnvironmentRegistry.Make("MountainCar-v0");
        var arch = PolicyArchitecture.Create(PolicyKind.Explicit, 2, env.ActionSpace, new LayerOptions(NetworkLayers: 3));
        Assert.Equal(4, arch.ParameterCount);
        var policy = Policy.Create(arch, new PolicyOptions());
        // y = relu(10⁴·velocity): 0 (push left, index 0) while moving left, ≥ 2 (push right) once moving right at
        // more than 1.5e-4 — the energy-pumping controller. Under a read-out centred on 0 this y could only mean
        // "no push" or "right".
        policy.Bind([0f, 1e4f, 1f, 1f]);
        var obs = new float[2];
        var action = new float[1];
        env.Reset(1, obs);
        var used = new HashSet<float>();
        bool reached = false;
        for (int step = 0; step < 200 && !reached; step++)
        {
            policy.Act(obs, action);
            used.Add(action[0]);
            reached = env.Step(action, obs).Terminated;
        }
        Assert.True(reached, "the goal was not reached within the 200-step limit");
        Assert.Contains(0f, used);
        Assert.Contains(2f, used);
    }
}
