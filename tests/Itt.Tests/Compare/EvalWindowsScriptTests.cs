using System.Diagnostics;
using Itt.Tests.MuJoCo;
using Itt.Tests.Training;

namespace Itt.Tests.Compare;

/// <summary>experiments/eval-windows.sh (the window figures docs/results.md quotes) on a hand-made metrics.csv.</summary>
public class EvalWindowsScriptTests
{
    // Seven iterations; the timing and other columns are there to show the script finds eval_return by its header.
    private const string Metrics = """
        iteration,env_steps,mean_return,max_return,eval_return,gradient_norm,seconds,elapsed_seconds
        1,10,0,0,990,0,1,1
        2,20,0,0,1005,0,1,2
        3,30,0,0,1020,0,1,3
        4,40,0,0,1150.5,0,1,4
        5,50,0,0,995,0,1,5
        6,60,0,0,1600,0,1,6
        7,70,0,0,1300,0,1,7
        """;

    [Theory]
    // Windows 2–4 and 5–7: means (1005 + 1020 + 1150.5) / 3 = 1058.50 and (995 + 1600 + 1300) / 3 = 1298.33; iteration 1
    // (990) lies before --from and is not counted.
    [InlineData("--width 3 --from 2 --above 1100,1500,2000", """
        iterations 2-4: mean 1058.50, max 1150.50, 0 of 3 below 1000
        iterations 5-7: mean 1298.33, max 1600.00, 1 of 3 below 1000
        best: 1600.00 at iteration 6
        first above 1100: iteration 4
        first above 1500: iteration 6
        first above 2000: never

        """)]
    // --to cuts the last window short: 1–4 (4165.5 / 4 = 1041.38) and 5 alone.
    [InlineData("--width 4 --to 5 --below 1010", """
        iterations 1-4: mean 1041.38, max 1150.50, 2 of 4 below 1010
        iterations 5-5: mean 995.00, max 995.00, 1 of 1 below 1010
        best: 1150.50 at iteration 4

        """)]
    public void WindowsFirstCrossingsAndTheBestAreThoseOfTheRows(string options, string expected)
        => Assert.Equal((0, expected), Script(options.Split(' ')));

    [Theory]
    [InlineData("eval-windows: 0 is not a positive whole number", "--width", "0")]
    [InlineData("eval-windows: x is not a number", "--above", "1100,x")]
    [InlineData("eval-windows: --from needs a value", "--from")]
    [InlineData("eval-windows: unknown option --step", "--step", "2")]
    [InlineData("eval-windows: no iterations in range", "--from", "8")]
    public void BadInputIsOneLineAndExitCode2(string message, params string[] options)
    {
        var (code, output) = Script(options);
        Assert.Equal((2, message + "\n"), (code, output));
    }

    private static (int Code, string Output) Script(params string[] options)
    {
        using var run = new TempFolder();
        File.WriteAllText(Path.Combine(run.Path, "metrics.csv"), Metrics + "\n");
        var start = new ProcessStartInfo("bash", [Path.Combine(MuJoCoTestSupport.RepositoryRoot(), "experiments/eval-windows.sh"), run.Path, .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var script = Process.Start(start)!;
        var errors = script.StandardError.ReadToEndAsync();
        string output = script.StandardOutput.ReadToEnd();
        script.WaitForExit();
        return (script.ExitCode, output + errors.Result);
    }
}
