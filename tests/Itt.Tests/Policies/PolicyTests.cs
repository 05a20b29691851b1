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

    [Fact]
    public void IotScoresEveryPairWithTheEnergyNetwork()
    {
        var box = BoxSpace.Uniform(1, -1, 1);
        var arch = PolicyArchitecture.Create(PolicyKind.Iot, 2, box, new LayerOptions(NetworkLayers: 2, Width: 3));
        var policy = (ImplicitOneTowerPolicy)Policy.Create(arch, new PolicyOptions(50));
        var theta = RandomVector(arch.ParameterCount, 8);
        policy.Bind(theta);
        policy.BeginEpisode(new CounterRng(2, StreamPurpose.User));
        float[] obs = [0.3f, -0.7f];
        var action = new float[1];
        policy.Act(obs, action);
        // Reference: evaluate the network on [s, a] for every candidate, one at a time.
        var net = arch.Network!;
        int best = 0;
        float bestScore = float.NegativeInfinity;
        var y = new float[1];
        for (int i = 0; i < policy.Candidates.Count; i++)
        {
            net.Forward(theta, [obs[0], obs[1], policy.Candidates.Values[i]], y, new float[2 * net.MaxWidth]);
            if (y[0] > bestScore) { bestScore = y[0]; best = i; }
        }
        Assert.Equal(policy.Candidates.Values[best], action[0]);
        Assert.InRange(action[0], -1f, 1f);
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
    public void VectorArgMaxEqualsTheScalarReference()
    {
        var rng = new Itt.Core.Random.CounterRng(5, Itt.Core.Random.StreamPurpose.User);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = 1 + rng.NextInt(200);
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
