using Itt.Experiments.Comparison;
using Itt.Experiments.Reports;
using Itt.Training;

namespace Itt.Tests.Compare;

/// <summary>Threshold crossings and censoring in Tables 3/9 and 13, on hand-made curves.</summary>
public class ReportTableTests
{
    private static RunRecord Run(string arch, ulong seed, params double[] evalReturns)
    {
        var metrics = evalReturns.Select((v, i) => new IterationMetrics(i + 1, 100L * (i + 1), v, v, v, 0, 0.1, 0.1 * (i + 1))).ToArray();
        var result = new RunResult("MountainCar-v0", arch, seed, "preset", metrics.Length, metrics[^1].EnvironmentSteps, metrics[^1].ElapsedSeconds,
            4, [evalReturns[^1]], evalReturns[^1]);
        return new RunRecord(result, metrics);
    }

    private static ComparisonData Data() => ComparisonData.From(
    [
        Run("itt", 1, -200, -150, -120, -110), Run("itt", 2, -200, -200, -170, -100),
        Run("iot", 1, -200, -200, -200, -200), Run("iot", 2, -200, -200, -200, -200),
    ]);

    [Fact]
    public void Table13CountsTheFirstIterationAtNinetyPercentOfIotAndCensorsMisses()
    {
        // IOT's final mean is −200, so the threshold is −180: ITT seed 1 reaches it at iteration 2, seed 2 at 3; IOT never
        // (counted as its 4 iterations). ITT mean 2.5, IOT mean 4; differences (−2, −1): mean −1.5, sd √0.5, t = −3, df 1,
        // p = 1 − (2/π)·atan 3 = 0.204833.
        var table = IterationsToIotTable.Build(Data());
        var row = Assert.Single(table.Rows);
        Assert.Equal("-180.00", row[1].Text);
        Assert.Equal("2.50 (2/2)", row[2].Text);
        Assert.Equal("4.00 (0/2)", row[3].Text);
        Assert.Equal("2.05e-1", row[4].Text);
        Assert.Equal(Emphasis.None, row[4].Style);
    }

    [Fact]
    public void Table3AveragesTheSeedsThatReachedAndSaysWhenNoneDid()
    {
        // Gymnasium threshold −110: ITT seed 1 at iteration 4 (400 steps), seed 2 at 4 (400 steps); IOT never.
        var table = StepsToThresholdTable.Build(Data());
        Assert.Equal(["environment", "reward threshold", "source", "itt (θ)", "itt (mean rollout)", "itt (best rollout)",
            "iot (θ)", "iot (mean rollout)", "iot (best rollout)"], table.Headers);
        var row = Assert.Single(table.Rows);
        Assert.Equal("-110.00", row[1].Text);
        Assert.Equal("Gymnasium", row[2].Text);
        Assert.Equal("4.00e+02 (2/2)", row[3].Text);
        Assert.Equal("not reached (0/2)", row[6].Text);
        var custom = Assert.Single(StepsToThresholdTable.Build(Data(), new Dictionary<string, double> { ["MountainCar-v0"] = -105 }).Rows);
        Assert.Equal("4.00e+02 (1/2)", custom[3].Text);
        Assert.Equal("--threshold", custom[2].Text);
    }

    [Fact]
    public void Table3ReadsTheMeanAndTheBestRolloutBesideTheEvaluationOfTheta()
    {
        // Perturbed rollouts run ahead of θ's evaluation at 877.45: seed 1 crosses with its best rollout at iteration 1
        // (100 steps), with the rollouts' mean at 2 (200) and with θ at 3 (300); seed 2 with its best rollout at 1 (100),
        // with the mean at 3 (300) and with θ never.
        RunRecord Hopper(ulong seed, (double Eval, double Mean, double Best)[] rows)
        {
            var metrics = rows.Select((r, i) => new IterationMetrics(i + 1, 100L * (i + 1), r.Mean, r.Best, r.Eval, 0, 0.1, 0.1 * (i + 1))).ToArray();
            return new RunRecord(new RunResult("Hopper-v4", "itt", seed, "3 iterations", 3, 300, 0.3, 42, [0], 0), metrics);
        }
        var data = ComparisonData.From([Hopper(1, [(10, 500, 900), (500, 880, 950), (900, 950, 1000)]), Hopper(2, [(10, 30, 880), (20, 40, 50), (30, 877.45, 900)])]);
        var row = Assert.Single(StepsToThresholdTable.Build(data).Rows);
        Assert.Equal("877.45", row[1].Text);
        Assert.Equal("paper, Table 3", row[2].Text);
        Assert.Equal("3.00e+02 (1/2)", row[3].Text);
        Assert.Equal("2.50e+02 (2/2)", row[4].Text); // (200 + 300) / 2; exactly at the threshold counts as reached
        Assert.Equal("1.00e+02 (2/2)", row[5].Text);
    }

    [Fact]
    public void Table1PrintsAMeanOverOneSeedWithoutAStd()
    {
        // IOT over two seeds keeps its std; ITT's one seed has a std of 0, which would read as seeds that agree.
        var table = FinalReturnTable.Build(ComparisonData.From([Run("itt", 1, -200, -150), Run("iot", 1, -200, -190), Run("iot", 2, -200, -170)]));
        var row = Assert.Single(table.Rows);
        Assert.Equal("**-150.00**", row[1].ToMarkdown());
        Assert.Equal("<u>-180.00 ± 10.00</u>", row[2].ToMarkdown());
        Assert.Equal("1/2", row[3].Text);
    }

    [Fact]
    public void Table1BoldsTheBestAndTheCurveBandSpansTheSeeds()
    {
        var table = FinalReturnTable.Build(Data());
        var row = Assert.Single(table.Rows);
        Assert.Equal("**-105.00 ± 5.00**", row[1].ToMarkdown());
        Assert.Equal("<u>-200.00 ± 0.00</u>", row[2].ToMarkdown());
        var series = LearningCurveFigure.Series("itt", Data().Of("MountainCar-v0", "itt"));
        Assert.Equal([1.0, 2, 3, 4], series.X);
        Assert.Equal(-175, series.Mean[1], 12);
        Assert.Equal(-195, series.Low![1], 12); // type 7 on {−200, −150}: −200 + 0.1·50
        Assert.Equal(-155, series.High![1], 12);
    }
}

/// <summary>The Table 11 variant trains exactly what `itt` trains and differs only in the index of its final returns.</summary>
public class InferenceVariantTests
{
    [Fact]
    public void IttInferSrpSharesIttsHashAndInfersWithSrp()
    {
        var preset = Itt.Training.Presets.PaperPresets.Find("MountainCarContinuous-v0")!;
        var itt = ComparisonArchitecture.Find("itt")!.ConfigFor(preset, 3);
        var variant = ComparisonArchitecture.Find("itt-infer-srp")!.ConfigFor(preset, 3);
        Assert.Equal(itt.Hash, variant.Hash);
        Assert.Equal(Itt.Policies.Indexes.IndexKind.BruteForce, variant.Index.Kind);
        Assert.Equal(Itt.Policies.Indexes.IndexKind.Srp, variant.InferenceIndex!.Kind);
        Assert.Equal(3, variant.InferenceIndex.HashBits);
    }

    [Fact]
    public void IttNormIsIttWithObservationNormalisation()
    {
        var preset = Itt.Training.Presets.PaperPresets.Find("Hopper-v4")!;
        var itt = ComparisonArchitecture.Find("itt")!.ConfigFor(preset, 1);
        var norm = ComparisonArchitecture.Find("itt-norm")!.ConfigFor(preset, 1);
        Assert.False(itt.NormalizeObservations);
        Assert.Equal(itt with { NormalizeObservations = true }, norm);
        Assert.NotEqual(itt.Hash, norm.Hash);
    }

    [Fact]
    public void IttRftSamplesDownItsTreeAsLemmaB1Does()
    {
        var preset = Itt.Training.Presets.PaperPresets.Find("Hopper-v4")!;
        var itt = ComparisonArchitecture.Find("itt")!.ConfigFor(preset, 1);
        var rft = ComparisonArchitecture.Find("itt-rft")!.ConfigFor(preset, 1);
        Assert.Equal(itt with { Index = itt.Index with { Kind = Itt.Policies.Indexes.IndexKind.RandomFeatureTree },
            Selection = Itt.Policies.ActionSelection.Softmax }, rft);
    }
}
