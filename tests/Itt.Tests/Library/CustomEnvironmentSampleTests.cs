using System.Globalization;
using System.Text.RegularExpressions;
using Itt.Tests.Training;

namespace Itt.Tests.Library;

/// <summary>samples/CustomEnvironment, the program docs/library.md walks through.</summary>
public class CustomEnvironmentSampleTests
{
    [Fact]
    public void TheSampleTrainsItsOwnEnvironmentSavesLoadsAndActs()
    {
        using var root = new TempFolder();
        var (code, output, error) = Samples.Run("CustomEnvironment", root.Path);
        Assert.True(code == 0, error);
        double Value(string label) => double.Parse(Regex.Match(output, label + @": (-?[\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        double before = Value("return before"), after = Value("return after");
        Assert.True(after > before + 5, $"training did not help: {before} → {after}");
        Assert.Matches(@"loaded Reach-custom after 60 iterations; at \(1\.5, -1\) it moves \(-[\d.]+, [\d.]+\)", output); // towards the origin
        Assert.True(File.Exists(Path.Combine(root.Path, "checkpoint.itt")));
    }

    [Fact]
    public void TheLibraryGuideShowsTheSampleAsItIs()
    {
        string root = Samples.RepositoryRoot();
        string guide = File.ReadAllText(Path.Combine(root, "docs", "library.md"));
        foreach (var file in new[] { "Reach.cs", "Program.cs" })
            Assert.Contains("```csharp\n" + File.ReadAllText(Path.Combine(root, "samples", "CustomEnvironment", file)) + "```", guide);
    }
}
