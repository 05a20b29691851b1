using System.Text.Json.Nodes;
using Itt.Export;
using Itt.Export.Json;
using Itt.Policies;
using Xunit;

namespace Itt.Tests.Export;

/// <summary>The JSON export: θ, normaliser and A* survive a round trip bit for bit, and damaged files are named, not guessed at.</summary>
public sealed class PolicyJsonTests
{
    [Theory]
    [InlineData("CartPole-v1", PolicyKind.Itt)]
    [InlineData("CartPole-v1", PolicyKind.Explicit)]
    [InlineData("Pendulum-v1", PolicyKind.Itt)]
    [InlineData("Pendulum-v1", PolicyKind.Iot)]
    [InlineData("Pendulum-v1", PolicyKind.Explicit)]
    public void RoundTripKeepsThetaCandidatesNormaliserAndActions(string environment, PolicyKind kind)
    {
        var plain = ExportTestKit.Policy(environment, kind);
        var observations = ExportTestKit.Observations(environment, plain, 300);
        var policy = ExportTestKit.Policy(environment, kind, ExportTestKit.Normalizer(observations));

        var loaded = PolicyJson.Parse(PolicyJson.Serialize(policy, environment));

        Assert.Equal(policy.Architecture.ToString(), loaded.Architecture.ToString());
        Assert.Equal(Bits(policy.Theta), Bits(loaded.Theta));
        Assert.Equal(Bits(policy.Normalization!.Mean), Bits(loaded.Normalization!.Mean));
        Assert.Equal(Bits(policy.Normalization.Std), Bits(loaded.Normalization.Std));
        Assert.Equal(policy.Normalization.Clip, loaded.Normalization.Clip);
        Assert.Equal(policy.Candidates?.Values, loaded.Candidates?.Values);
        var a = new float[policy.Architecture.ActionSpace.Dimension];
        var b = new float[a.Length];
        foreach (var observation in observations)
        {
            policy.Act(observation, a);
            loaded.Act(observation, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void TheDocumentedFieldsAreThere()
    {
        var node = JsonNode.Parse(PolicyJson.Serialize(ExportTestKit.Policy("Pendulum-v1", PolicyKind.Itt), "Pendulum-v1"))!;
        Assert.Equal("itt-policy/1", (string?)node["format"]);
        Assert.Equal("itt", (string?)node["kind"]);
        Assert.Equal(3, (int?)node["observationSize"]);
        Assert.Equal("box", (string?)node["actionSpace"]!["type"]);
        Assert.Equal(["state-tower", "action-tower"], node["networks"]!.AsArray().Select(n => (string?)n!["name"]));
        // State tower 3 → 16 → 8: layer 0 is a 16 × 3 matrix, rows of inputs.
        Assert.Equal(16, node["networks"]![0]!["weights"]![0]!.AsArray().Count);
        Assert.Equal(3, node["networks"]![0]!["weights"]![0]![0]!.AsArray().Count);
        Assert.Equal(1000, (int?)node["candidates"]!["count"]);
        Assert.Equal(7UL, (ulong?)node["candidates"]!["seed"]);
        Assert.Equal(1000, node["candidates"]!["actions"]!.AsArray().Count);
        Assert.Null(node["normalizer"]);
    }

    [Theory]
    [InlineData("not json", "not a policy file")]
    [InlineData("{\"format\":\"itt-policy/9\"}", "format is 'itt-policy/9'")]
    public void MalformedTextIsNamed(string text, string expected)
        => Assert.Contains(expected, Assert.Throws<PolicyFileException>(() => PolicyJson.Parse(text)).Message);

    [Theory]
    [InlineData("weights")]
    [InlineData("candidate")]
    [InlineData("std")]
    [InlineData("sizes")]
    [InlineData("low-above-high")]
    [InlineData("unbounded")]
    public void EditedFilesAreRejected(string edit)
    {
        var policy = ExportTestKit.Policy("Pendulum-v1", PolicyKind.Itt, new ObservationNormalization([0f, 0f, 0f], [1f, 1f, 1f]));
        var node = JsonNode.Parse(PolicyJson.Serialize(policy))!;
        switch (edit)
        {
            case "weights": node["networks"]![1]!["weights"]![0]!.AsArray().RemoveAt(0); break;
            case "candidate": node["candidates"]!["actions"]![5]![0] = 0.123f; break;
            case "std": node["normalizer"]!["std"]![1] = 0f; break;
            case "sizes": node["networks"]![0]!["sizes"]![1] = 15; break;
            case "low-above-high": node["actionSpace"]!["low"]![0] = 5f; break; // Pendulum's high is 2
            case "unbounded": node["actionSpace"]!["low"]![0] = "-Infinity"; break; // A* cannot be drawn from it
        }
        var error = Assert.Throws<PolicyFileException>(() => PolicyJson.Parse(node.ToJsonString()));
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
        => Assert.Contains("/nonexistent/policy.json", Assert.Throws<PolicyFileException>(() => PolicyJson.Load("/nonexistent/policy.json")).Message);

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
