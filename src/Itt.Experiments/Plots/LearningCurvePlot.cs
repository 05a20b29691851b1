using ScottPlot;

namespace Itt.Experiments.Plots;

/// <summary>One curve: x values, the mean and an optional band.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">Iterations (or steps).</param>
/// <param name="Mean">Central line.</param>
/// <param name="Low">Lower band edge (e.g. 10th percentile), or null.</param>
/// <param name="High">Upper band edge (e.g. 90th percentile), or null.</param>
/// <param name="Color">Index of its colour in the palette (several curves of one kind share one), or null for its place among the series.</param>
public sealed record CurveSeries(string Label, double[] X, double[] Mean, double[]? Low = null, double[]? High = null, int? Color = null);

/// <summary>A horizontal dashed line, e.g. a published final return.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Value">Height of the line.</param>
/// <param name="SeriesIndex">The curve whose colour it takes.</param>
public sealed record ReferenceLine(string Label, double Value, int SeriesIndex);

/// <summary>PNG learning curves in the style of the paper's Figures 3 and 4.</summary>
public static class LearningCurvePlot
{
    /// <summary>
    /// Loads the plotting and rendering libraries (and fonts) on a thread-pool thread by drawing a tiny plot in memory,
    /// so that a short run's final <see cref="Save"/> does not wait for them; wait for the task before saving.
    /// </summary>
    public static Task PrepareInBackground() => Task.Run(() =>
    {
        var plot = new Plot();
        plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 });
        plot.Title("warm-up");
        plot.ShowLegend(Edge.Right);
        plot.GetImageBytes(32, 32, ImageFormat.Png);
    });

    /// <summary>Renders <paramref name="series"/> to a PNG at <paramref name="path"/>.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<CurveSeries> series,
        int width = 900, int height = 540, IEnumerable<ReferenceLine>? references = null)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var s in series)
        {
            var color = palette.GetColor(s.Color ?? index);
            index++;
            if (s.Low is not null && s.High is not null && s.X.Length > 1)
            {
                var band = plot.Add.FillY(s.X, s.Low, s.High);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(s.X, s.Mean);
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = s.Label; // empty: no legend entry (a curve that shares an entry with the one before)
        }
        foreach (var r in references ?? [])
        {
            var line = plot.Add.HorizontalLine(r.Value);
            line.Color = palette.GetColor(r.SeriesIndex);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.LegendText = r.Label;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right); // beside the data area: inside it, the legend hid the curves' last iterations
        plot.SavePng(path, width, height);
    }
}
