// Trains ITT on Hopper-v4 with the paper's preset for a few iterations and reopens the run from its checkpoint.
// Usage: HopperFromLibrary RUNS_DIR [ITERATIONS]
using Itt.Policies;
using Itt.Training.Inference;
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

// One call gives a policy ready to act on float observations.
var policy = TrainedPolicy.Load(folder);
Console.WriteLine($"run folder: {folder}");
Console.WriteLine($"config hash: {policy.Config.Hash}, iteration {policy.Iteration}, D = {policy.Theta.Length}");
var action = new float[policy.ActionSize];
policy.Act(new float[policy.ObservationSize], action);
Console.WriteLine($"action at the zero observation: [{string.Join(", ", action.Select(a => a.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}]");
