// Trains ITT on Hopper-v4 with the paper's preset for a few iterations and reopens the run from its checkpoint.
// Usage: HopperFromLibrary RUNS_DIR [ITERATIONS]
using Itt.Policies;
using Itt.Training.Checkpoints;
using Itt.Training.Presets;
using Itt.Training.Runs;

string runsDir = args.Length > 0 ? args[0] : "runs";
int iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;

// The same configuration `itt train --env Hopper-v4` starts from; nothing registers MuJoCo by hand.
var config = PaperPresets.ConfigFor("Hopper-v4", PolicyKind.Itt, seed: 1) with { Iterations = iterations };
string folder;
using (var session = TrainingSession.Start(config, runsDir))
{
    session.Run(m => Console.WriteLine($"iteration {m.Iteration}: mean perturbed return {m.MeanReturn:0.##}"));
    folder = session.Folder.Path;
}

var (saved, state) = Checkpoint.Load(RunFolder.Open(folder).CheckpointPath);
Console.WriteLine($"run folder: {folder}");
Console.WriteLine($"config hash: {saved.Hash}, iteration {state.Iteration}, D = {state.Theta.Length}");
