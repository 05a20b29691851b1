// Trains an ITT policy on the custom Reach task with the ask/tell ES, saves it, loads it back and acts with it.
// Usage: CustomEnvironment [OUTPUT_FOLDER]
using Itt.Core.Random;
using Itt.Policies;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Inference;
using Itt.Training.Strategy;

string output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "itt-reach");

// 1. The configuration: the id is only a name here (it names run folders); the environment comes from `new Reach()`.
var config = new TrainingConfig
{
    Environment = "Reach-custom", Policy = PolicyKind.Itt, Seed = 1, Sigma = 0.5, LearningRate = 0.05,
    Perturbations = 8, ActionSamples = 64, Layers = new LayerOptions(Width: 4, Latent: 4),
};
using var environment = new Reach();
var architecture = PolicyArchitecture.Create(config.Policy, environment.ObservationSpace.Dimension, environment.ActionSpace, config.Layers);
var policy = Policy.Create(architecture, config.PolicyOptions());
var parameters = new float[architecture.ParameterCount];
policy.Bind(parameters);
var observation = new float[environment.ObservationSpace.Dimension];
var action = new float[environment.ActionSpace.Dimension];

// One episode of the bound parameters; both signs of a pair share the start state (common random numbers).
double Episode(ulong seed)
{
    policy.BeginEpisode(new CounterRng(seed, StreamPurpose.User));
    environment.Reset(seed, observation);
    double total = 0;
    for (bool done = false; !done;)
    {
        policy.Act(observation, action);
        var step = environment.Step(action, observation);
        total += step.Reward;
        done = step.Done;
    }
    return total;
}

// 2. Ask/tell: ask for the perturbations, evaluate θ ± σε_i, tell the returns.
var strategy = new EsStrategy(config, architecture);
double Score() // mean return of θ itself over 10 fixed start states
{
    for (int k = 0; k < parameters.Length; k++) parameters[k] = (float)strategy.Theta[k];
    return Enumerable.Range(0, 10).Average(e => Episode(10_000UL + (ulong)e));
}
Console.WriteLine($"return before: {Score():0.0}");
for (int iteration = 0; iteration < 60; iteration++)
{
    var generation = strategy.Ask();
    var plus = new double[generation.Count];
    var minus = new double[generation.Count];
    for (int i = 0; i < generation.Count; i++)
    {
        ulong seed = (ulong)(iteration * 1000 + i);
        generation.WriteParameters(i, +1, parameters);
        plus[i] = Episode(seed);
        generation.WriteParameters(i, -1, parameters);
        minus[i] = Episode(seed);
    }
    strategy.Tell(plus, minus);
}
Console.WriteLine($"return after: {Score():0.0}");

// 3. Save: a checkpoint in a folder is all TrainedPolicy.Load needs.
Directory.CreateDirectory(output);
Checkpoint.Save(Path.Combine(output, "checkpoint.itt"), config, strategy.Snapshot());

// 4. Load and act: Reach is not in the registry, so Load is told how to make one (it reads its spaces).
var trained = TrainedPolicy.Load(output, environments: () => new Reach());
var move = new float[trained.ActionSize];
trained.Act([1.5f, -1f], move);
Console.WriteLine($"loaded {trained.EnvironmentId} after {trained.Iteration} iterations; at (1.5, -1) it moves ({move[0]:0.00}, {move[1]:0.00})");
