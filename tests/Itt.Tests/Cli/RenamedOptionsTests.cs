using System.Text.Json;
using Itt.Cli;
using Itt.Tests.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;

namespace Itt.Tests.Cli;

/// <summary>The episode options' old names still run, with a note, and mean exactly what the new names mean.</summary>
public class RenamedOptionsTests
{
    [Fact]
    public void OldEpisodeNamesTrainTheSameRunAsTheNewOnesWithANote()
    {
        using var root = new TempFolder();
        string[] common = ["train", "--env", "Pendulum-v1", "-N", "20", "--iterations", "2", "--no-progress", "--seed", "3"];
        var old = IttCommand.Run([.. common, "--episodes", "2", "--eval-episodes=3", "--final-episodes", "1", "--runs-dir", Path.Combine(root.Path, "old")]);
        var renamed = IttCommand.Run([.. common, "--rollout-episodes", "2", "--iteration-eval-episodes", "3", "--final-eval-episodes", "1",
            "--runs-dir", Path.Combine(root.Path, "new")]);
        Assert.True(old.Code == 0 && renamed.Code == 0, old.Err + renamed.Err);

        Assert.Contains("--episodes is now --rollout-episodes", old.Err);
        Assert.Contains("--eval-episodes is now --iteration-eval-episodes", old.Err);
        Assert.Contains("--final-episodes is now --final-eval-episodes", old.Err);
        Assert.DoesNotContain("note", renamed.Err);
        var (oldConfig, oldState) = Checkpoint.Load(Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "old"))), "checkpoint.itt"));
        var (newConfig, newState) = Checkpoint.Load(Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "new"))), "checkpoint.itt"));
        Assert.Equal(newConfig, oldConfig);
        Assert.Equal(2, newConfig.EpisodesPerRollout);
        Assert.Equal(3, newConfig.IterationEvaluationEpisodes);
        Assert.Equal(newState.Theta, oldState.Theta);
    }

    [Fact]
    public void OnlyTheRenamedOptionsOfTheCommandAreRewritten()
    {
        var error = new StringWriter();
        // eval keeps --episodes (it counts the only episodes eval runs); a value after "--" is never an option.
        Assert.Equal(["eval", "run", "--episodes", "3"], RenamedOptions.Rewrite(["eval", "run", "--episodes", "3"], error));
        Assert.Equal(["compare", "--final-eval-episodes:2", "--", "--eval-episodes"],
            RenamedOptions.Rewrite(["compare", "--final-episodes:2", "--", "--eval-episodes"], error));
        Assert.Equal(["itt: note: --final-episodes is now --final-eval-episodes; the old name will go in a later release"],
            error.ToString().TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void RunFoldersKeepTheirStoredNames()
    {
        // config.json of every run folder ever written names these fields so; the renamed properties must still read them.
        var config = new TrainingConfig { EpisodesPerRollout = 4, IterationEvaluationEpisodes = 7 };
        var json = JsonSerializer.Serialize(config, Json.Options);
        Assert.Contains("\"episodesPerEvaluation\": 4", json);
        Assert.Contains("\"evaluationEpisodes\": 7", json);
        Assert.Equal(config, JsonSerializer.Deserialize<TrainingConfig>(json, Json.Options));
    }
}
