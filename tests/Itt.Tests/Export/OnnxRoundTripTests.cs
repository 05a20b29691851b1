using Itt.Cli.Commands;
using Itt.Environments.Registry;
using Itt.Export;
using Itt.Export.Onnx;
using Itt.Policies;
using Itt.Tests.MuJoCo;
using Xunit;

namespace Itt.Tests.Export;

/// <summary>
/// The exported ONNX model, run by ONNX Runtime, against the C# policy with the same A*: the same action on 1,000
/// observations of real rollouts (the same candidate index for argmax policies) and the same episode returns.
/// </summary>
public sealed class OnnxRoundTripTests
{
    [Theory]
    [InlineData(PolicyKind.Itt, false)]
    [InlineData(PolicyKind.Iot, false)]
    [InlineData(PolicyKind.Explicit, false)]
    [InlineData(PolicyKind.Itt, true)]
    public void CartPoleActsAlike(PolicyKind kind, bool normalized) => RoundTrip("CartPole-v1", kind, normalized);

    [Theory]
    [InlineData(PolicyKind.Explicit, true)]
    public void MountainCarContinuousActsAlike(PolicyKind kind, bool normalized) => RoundTrip("MountainCarContinuous-v0", kind, normalized);

    [MuJoCoTheory]
    [InlineData(PolicyKind.Itt, false)]
    [InlineData(PolicyKind.Iot, false)]
    [InlineData(PolicyKind.Explicit, false)]
    [InlineData(PolicyKind.Itt, true)]
    public void HopperActsAlike(PolicyKind kind, bool normalized) => RoundTrip("Hopper-v4", kind, normalized);

    [Box2DTheory]
    [InlineData(PolicyKind.Itt, false)]
    [InlineData(PolicyKind.Iot, false)]
    [InlineData(PolicyKind.Explicit, false)]
    public void LunarLanderContinuousActsAlike(PolicyKind kind, bool normalized) => RoundTrip("LunarLanderContinuous-v3", kind, normalized);

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("MountainCar-v0")]
    [InlineData("Pendulum-v1")]
    public void ExplicitReadOutEdgesMatch(string environment)
    {
        // One linear layer whose output is the first observation entry: halves (to even), clipping and NaN.
        using var env = EnvironmentRegistry.Make(environment);
        int size = env.ObservationSpace.Dimension;
        var architecture = PolicyArchitecture.Create(PolicyKind.Explicit, size, env.ActionSpace, new LayerOptions(NetworkLayers: 1));
        var theta = new float[architecture.ParameterCount];
        for (int j = 0; j < env.ActionSpace.Dimension; j++) theta[j * size] = 1f;
        var policy = FrozenPolicy.Create(architecture, theta);
        float[] firsts = [0.5f, 1.5f, 2.5f, -0.5f, 0.49f, 0.51f, -3f, 7f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f];
        var observations = firsts.Select(v => Enumerable.Range(0, size).Select(j => j == 0 ? v : 0.25f).ToArray()).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"itt-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, OnnxExport.ToBytes(policy, environment));
        try
        {
            using var model = new OnnxPolicyModel(path);
            var (actions, _) = model.Run(observations.SelectMany(o => o).ToArray(), observations.Length);
            var expected = new float[env.ActionSpace.Dimension];
            for (int b = 0; b < observations.Length; b++)
            {
                policy.Act(observations[b], expected);
                Assert.Equal(expected, actions.AsSpan(b * expected.Length, expected.Length).ToArray());
            }
        }
        finally { File.Delete(path); }
    }

    private static void RoundTrip(string environment, PolicyKind kind, bool normalized)
    {
        var policy = ExportTestKit.Policy(environment, kind);
        var observations = ExportTestKit.Observations(environment, policy, 1000);
        if (normalized)
        {
            policy = ExportTestKit.Policy(environment, kind, ExportTestKit.Normalizer(observations));
            observations = ExportTestKit.Observations(environment, policy, 1000);
        }
        string path = Path.Combine(Path.GetTempPath(), $"itt-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, OnnxExport.ToBytes(policy, environment));
        try
        {
            using var model = new OnnxPolicyModel(path);
            SameActions(policy, model, observations);
            SameEpisodeReturns(environment, policy, model);
        }
        finally { File.Delete(path); }
    }

    private static void SameActions(FrozenPolicy policy, OnnxPolicyModel model, float[][] observations)
    {
        int batch = observations.Length, size = policy.Architecture.ActionSpace.Dimension;
        var (actions, indices) = model.Run(observations.SelectMany(o => o).ToArray(), batch);
        Assert.Equal(batch * size, actions.Length);
        var expected = new float[size];
        int mismatches = 0;
        double worst = 0;
        for (int b = 0; b < batch; b++)
        {
            policy.Act(observations[b], expected);
            var got = actions.AsSpan(b * size, size);
            if (policy.Candidates is { } candidates)
            {
                // The model's index names a candidate; the C# policy must have chosen that very candidate.
                var chosen = new float[size];
                candidates.WriteAction((int)indices![b], chosen);
                Assert.True(chosen.AsSpan().SequenceEqual(got), "the action output is the indexed candidate");
                if (IndexOf(candidates, expected) != indices[b]) mismatches++;
            }
            else
            {
                for (int j = 0; j < size; j++) worst = Math.Max(worst, Math.Abs(expected[j] - got[j]));
                if (indices is not null && indices[b] != (long)expected[0]) mismatches++;
            }
        }
        Assert.True(mismatches == 0, $"{mismatches} of {batch} observations got a different action");
        Assert.True(worst <= 1e-6, $"largest action difference {worst:E2}");
    }

    /// <summary>The first candidate equal to <paramref name="action"/>.</summary>
    private static long IndexOf(Itt.Policies.Actions.ActionCandidates candidates, float[] action)
    {
        var candidate = new float[action.Length];
        for (int i = 0; i < candidates.Count; i++)
        {
            candidates.WriteAction(i, candidate);
            if (candidate.AsSpan().SequenceEqual(action)) return i;
        }
        return -1;
    }

    private static void SameEpisodeReturns(string environment, FrozenPolicy policy, OnnxPolicyModel model)
    {
        using var env = EnvironmentRegistry.Make(environment);
        for (ulong seed = 100; seed < 103; seed++)
        {
            var csharp = PolicyRollout.Run(env, seed, policy.Act);
            var onnx = PolicyRollout.Run(env, seed, model.Act);
            Assert.Equal(csharp.Steps, onnx.Steps);
            Assert.Equal(csharp.Return, onnx.Return);
        }
    }
}
