using Itt.Cli.Commands;

namespace Itt.Tests.Cli;

public class IttProcessTests
{
    private static string IttDll => Path.Combine(AppContext.BaseDirectory, "itt.dll");

    /// <summary>
    /// A process can be seen to have exited before its last lines have been read from the pipe: WaitFor must read them
    /// before it concludes that the text never came (it once reported a worker's "ready" line missing that way).
    /// </summary>
    [Fact]
    public void TextPrintedJustBeforeTheExitIsFoundAfterTheExit()
    {
        for (int i = 0; i < 5; i++)
        {
            using var process = IttProcess.Start(["train", "--help"], IttDll);
            Assert.True(SpinWait.SpinUntil(() => process.HasExited, TimeSpan.FromSeconds(60)), "itt train --help did not exit");
            process.WaitFor("Show help and usage information", TimeSpan.FromSeconds(30)); // the help's last line
        }
    }

    [Fact]
    public void TextThatNeverComesIsReportedWithTheExitCodeAndTheOutput()
    {
        using var process = IttProcess.Start(["envs"], IttDll);
        var e = Assert.Throws<InvalidOperationException>(() => process.WaitFor("no such line", TimeSpan.FromSeconds(60)));
        Assert.StartsWith("itt exited with 0 before printing 'no such line':", e.Message);
        Assert.Contains("CartPole-v1", e.Message);
    }
}
