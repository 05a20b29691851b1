using Itt.Export.Onnx;
using Itt.Policies;
using Itt.Tests.MuJoCo;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Itt.Tests.Export;

/// <summary>The C# example of the README's "Use a trained policy elsewhere" section, run on an exported CartPole policy.</summary>
public sealed class ReadmeExampleTests
{
    private static int ReadmeExample(string modelPath)
    {
        // README: begin
        using var session = new InferenceSession(modelPath);
        float[] observation = [0.02f, -0.01f, 0.03f, 0.04f];               // one CartPole observation
        using var input = OrtValue.CreateTensorValueFromMemory(observation, [1, observation.Length]);
        using var outputs = session.Run(new RunOptions(), ["observation"], [input], ["action"]);
        int action = (int)outputs[0].GetTensorDataAsSpan<float>()[0];    // 0: push left, 1: push right
        // README: end
        return action;
    }

    [Fact]
    public void TheExampleChoosesThePolicysAction()
    {
        string path = Path.Combine(Path.GetTempPath(), $"itt-readme-{Guid.NewGuid():N}.onnx");
        try
        {
            var trained = ExportTestKit.Policy("CartPole-v1", PolicyKind.Itt);
            foreach (float sign in new[] { 1f, -1f })
            {
                var policy = Itt.Export.FrozenPolicy.Create(trained.Architecture, trained.Theta.Select(t => sign * t).ToArray());
                File.WriteAllBytes(path, OnnxExport.ToBytes(policy, "CartPole-v1"));
                var expected = new float[1];
                policy.Act([0.02f, -0.01f, 0.03f, 0.04f], expected);
                Assert.Equal((int)expected[0], ReadmeExample(path));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheReadmeShowsThisExampleVerbatim()
    {
        string root = MuJoCoTestSupport.RepositoryRoot();
        var source = File.ReadAllLines(Path.Combine(root, "tests/Itt.Tests/Export/ReadmeExampleTests.cs"));
        int begin = Array.FindIndex(source, l => l.Trim() == "// README: begin"), end = Array.FindIndex(source, l => l.Trim() == "// README: end");
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (var line in source[(begin + 1)..end]) Assert.Contains(line.Trim(), readme);
    }
}
