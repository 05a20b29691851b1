using System.Globalization;

namespace Itt.Experiments.Reports;

/// <summary>How numbers are written in the reports (the paper's conventions).</summary>
public static class ReportFormat
{
    /// <summary>Two decimals, as the paper's returns ("−133.50").</summary>
    public static string Return(double v) => double.IsNaN(v) ? "–" : v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A p-value in three significant figures ("7.09e-6"); "N/A" where the test is undefined.</summary>
    public static string PValue(double p) => double.IsNaN(p) ? "N/A" : p == 0 ? "0" : p.ToString("0.00e-0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A mean over seeds with its population std ("-133.50 ± 27.10"); the mean alone over one seed, whose std of 0
    /// would read as seeds that agree.
    /// </summary>
    public static string MeanStd(double mean, double std, int seeds) => seeds == 1 ? Return(mean) : $"{Return(mean)} ± {Return(std)}";

    /// <summary>Step counts in the paper's Table 3 style ("1.07e+06").</summary>
    public static string Steps(double v) => v.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>Full precision for CSV.</summary>
    public static string Raw(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer with no separators.</summary>
    public static string Count(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A rough length of time: whole seconds under a minute, whole minutes under an hour, else hours to one decimal ("4.1 h").</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 59.5 => $"{Math.Round(seconds).ToString("0", CultureInfo.InvariantCulture)} s",
        < 3570 => $"{Math.Round(seconds / 60).ToString("0", CultureInfo.InvariantCulture)} min",
        _ => $"{(seconds / 3600).ToString("0.0", CultureInfo.InvariantCulture)} h",
    };

    /// <summary>
    /// Emphasis of each value, by its displayed two-decimal rounding so that values shown equal rank equal: every
    /// value equal to the best is bold, every value equal to the next distinct value is underlined (ties as the paper's
    /// CartPole row, where all three are bold). NaN gets none.
    /// </summary>
    public static Emphasis[] RankBestSecond(IReadOnlyList<double> values, bool secondToo = true)
    {
        var rounded = values.Select(v => double.IsNaN(v) ? double.NaN : Math.Round(v, 2)).ToArray();
        var distinct = rounded.Where(v => !double.IsNaN(v)).Distinct().OrderDescending().ToArray();
        return rounded.Select(v =>
            double.IsNaN(v) || distinct.Length == 0 ? Emphasis.None
            : v == distinct[0] ? Emphasis.Bold
            : secondToo && distinct.Length > 1 && v == distinct[1] ? Emphasis.Underline
            : Emphasis.None).ToArray();
    }
}
