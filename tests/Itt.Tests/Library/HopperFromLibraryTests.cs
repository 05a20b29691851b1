using Itt.Cli;
using Itt.Tests.MuJoCo;
using Itt.Tests.Training;
using Itt.Training.Checkpoints;

namespace Itt.Tests.Library;

/// <summary>
/// samples/HopperFromLibrary references only the policies, training and MuJoCo projects: it must make Hopper-v4, train it
/// and reopen the checkpoint, landing on the configuration and θ that <c>itt train</c> gives for the same id.
/// </summary>
public class HopperFromLibraryTests
{
    [MuJoCoFact]
    public void ALibraryProgramTrainsHopperToTheSameConfigAndThetaAsTheCommand()
    {
        using var root = new TempFolder();
        string libraryRuns = Path.Combine(root.Path, "library"), commandRuns = Path.Combine(root.Path, "command");
        var (code, output, error) = Samples.Run("HopperFromLibrary", libraryRuns, "2");
        Assert.True(code == 0, error);
        Assert.Contains("iteration 2: mean perturbed return", output);

        var cli = new StringWriter();
        var cliError = new StringWriter();
        Assert.True(CommandLineApp.Run(["train", "--env", "Hopper-v4", "--iterations", "2", "--runs-dir", commandRuns,
            "--final-eval-episodes", "1", "--no-progress"], cli, cliError) == 0, cliError.ToString());

        var (libraryConfig, libraryState) = Checkpoint.Load(Path.Combine(Assert.Single(Directory.GetDirectories(libraryRuns)), "checkpoint.itt"));
        var (commandConfig, commandState) = Checkpoint.Load(Path.Combine(Assert.Single(Directory.GetDirectories(commandRuns)), "checkpoint.itt"));
        Assert.Equal(commandConfig, libraryConfig);
        Assert.Equal(commandConfig.Hash, libraryConfig.Hash);
        Assert.Contains($"config hash: {commandConfig.Hash}, iteration 2, D = 42", output); // Table 6's D for ITT on Hopper
        Assert.Equal(2, libraryState.Iteration);
        Assert.Equal(commandState.Theta.Select(BitConverter.DoubleToInt64Bits), libraryState.Theta.Select(BitConverter.DoubleToInt64Bits));
    }
}
