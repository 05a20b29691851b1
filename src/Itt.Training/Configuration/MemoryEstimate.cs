using System.Globalization;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;

namespace Itt.Training.Configuration;

/// <summary>
/// The one place that sizes a configuration before anything is allocated or created: θ and its copies, the
/// perturbation block, the candidate sets, action embeddings and scratch of every rollout thread, and the results of
/// the episodes asked for. Acting with a trained θ (evaluation, export, <c>TrainedPolicy</c>) needs only θ, the rollout
/// threads and the episodes: <c>training: false</c> leaves out what only training allocates. Sizes are computed in floating point from the shapes alone, so absurd settings
/// (N = 10⁹, 10⁹ layers, M = 2³¹ − 1) are refused with the limit named instead of overflowing or running out of memory.
/// </summary>
public sealed class MemoryEstimate
{
    private const double JobBytes = 96; // a job, its slot in the results and its share of the bookkeeping

    private readonly List<(string What, double Bytes)> _terms = [];
    private readonly List<(string What, double Length)> _arrays = [];

    private MemoryEstimate() { }

    /// <summary>θ's dimension D (a double: absurd shapes exceed every integer type).</summary>
    public double Parameters { get; private set; }

    /// <summary>Estimated peak bytes.</summary>
    public double TotalBytes => _terms.Sum(t => t.Bytes);

    /// <summary>The memory a run may use: half of what the runtime reports as available to this process.</summary>
    public static long Budget => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>
    /// Sizes <paramref name="config"/> on <paramref name="observationSize"/> and <paramref name="actionSpace"/>, with
    /// <paramref name="threads"/> rollout threads (0: one per core) and <paramref name="episodes"/> further episodes of
    /// one θ (<c>itt eval -K</c>, the final evaluation); for training, or with <paramref name="training"/> false for acting
    /// with a given θ (no perturbation block, optimizer state or iteration's jobs).
    /// </summary>
    public static MemoryEstimate For(TrainingConfig config, int observationSize, Space actionSpace, int threads = 0, long episodes = 0, bool training = true)
    {
        var e = new MemoryEstimate();
        var layers = config.Layers;
        double actionSize = ActionEncoding.Size(actionSpace);
        double width = layers.Width ?? actionSize, latent = layers.Latent ?? actionSize;
        double candidates = actionSpace is DiscreteSpace discrete ? discrete.Count : config.ActionSamples;
        double widest;
        switch (config.Policy)
        {
            case PolicyKind.Itt:
                double state = Weights(observationSize, layers.StateLayers, width, latent), action = Weights(actionSize, layers.ActionLayers, width, latent);
                e.Parameters = state + action;
                widest = Math.Max(actionSize, Math.Max(latent, layers.ActionLayers > 1 ? width : 0));
                e.AddArray("action embeddings", latent * candidates);
                e.AddArray("action-tower scratch", 2 * widest * candidates);
                e.AddArray("action-tower weights", action);
                double index = config.Index.Kind switch
                {
                    IndexKind.Srp => 6 * candidates,
                    IndexKind.RandomFeatureTree => 8 * candidates * config.Index.Features, // a tree over N rounded up to a power of two, in doubles
                    _ => candidates,
                };
                e.AddArray("action index", index);
                e.Add("candidate sets, embeddings and index per thread", 4 * (actionSize * candidates + latent * candidates + 2 * widest * candidates + action + index));
                break;
            case PolicyKind.Iot:
                e.Parameters = Weights(observationSize + actionSize, layers.NetworkLayers, width, 1);
                widest = Math.Max(observationSize + actionSize, layers.NetworkLayers > 1 ? width : 1);
                e.AddArray("network inputs", (observationSize + actionSize) * candidates);
                e.AddArray("network scratch", 2 * widest * candidates);
                e.Add("candidate sets, network inputs and scratch per thread", 4 * (actionSize * candidates + (observationSize + actionSize + 1 + 2 * widest) * candidates));
                break;
            default:
                e.Parameters = Weights(observationSize, layers.NetworkLayers, width, actionSize);
                e.Add("network scratch per thread", 4 * 2 * Math.Max(Math.Max(observationSize, actionSize), width));
                break;
        }
        double d = e.Parameters;
        e.AddArray("θ", d);
        double perThread = e._terms.Sum(t => t.Bytes) + 4 * d; // the thread's float copy of θ
        e._terms.Clear();
        int threadCount = threads > 0 ? threads : Environment.ProcessorCount;
        e.Add($"rollout state of {threadCount} thread(s)", perThread * threadCount);
        if (training)
        {
            double m = config.Perturbations ?? d;
            e.AddArray("perturbation block", m * d);
            e.Add("θ, its copies and the optimizer state", 8 * 8 * d);
            e.Add("perturbation block (M × D)", 8 * m * d * (config.ActionTowerEvery > 1 ? 2 : 1));
            double jobs = (config.Estimator == GradientEstimator.Antithetic ? 2 * m : m + 1) + config.IterationEvaluationEpisodes;
            e.AddArray("rollout jobs", jobs);
            e.Add("rollout jobs of an iteration", JobBytes * jobs);
        }
        else e.Add("θ", 8 * d);
        e.AddArray("episode results", episodes);
        e.Add("episode results", JobBytes * episodes);
        return e;
    }

    /// <summary>Sizes <paramref name="config"/> on its registered environment (which is made once to read its spaces).</summary>
    public static MemoryEstimate For(TrainingConfig config, int threads = 0, long episodes = 0, bool training = true)
    {
        using var env = EnvironmentRegistry.Make(config.Environment);
        return For(config, env.ObservationSpace.Dimension, env.ActionSpace, threads, episodes, training);
    }

    /// <summary>
    /// One line naming the first limit the configuration breaks (an array longer than .NET allows, or more memory than
    /// <paramref name="budget"/>, by default <see cref="Budget"/>), or null when it fits.
    /// </summary>
    public string? Problem(long? budget = null)
    {
        foreach (var (what, length) in _arrays)
            if (length > Array.MaxLength)
                return $"the configuration needs {Count(length)} entries in its {what}, more than the limit of {Count(Array.MaxLength)} for one array";
        double limit = budget ?? Budget;
        double total = TotalBytes;
        if (total <= limit) return null;
        var largest = _terms.MaxBy(t => t.Bytes);
        return $"the configuration needs about {Size(total)} of memory ({largest.What}: {Size(largest.Bytes)}), more than the limit of {Size(limit)} " +
               "(half of the memory available here); lower -N, -M, the widths, layers or episodes";
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Problem"/> when the configuration does not fit (for training, or for acting with a given θ).</summary>
    public static void Check(TrainingConfig config, int threads = 0, long episodes = 0, bool training = true)
    {
        if (For(config, threads, episodes, training).Problem() is string problem) throw new ArgumentException(problem);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when training <paramref name="config"/> with <paramref name="architecture"/>'s spaces on <paramref name="threads"/> threads does not fit.</summary>
    public static void CheckTraining(TrainingConfig config, PolicyArchitecture architecture, int threads)
    {
        if (For(config, architecture.ObservationSize, architecture.ActionSpace, threads).Problem() is string problem) throw new ArgumentException(problem);
    }

    private void Add(string what, double bytes) => _terms.Add((what, bytes));

    private void AddArray(string what, double length) => _arrays.Add((what, length));

    /// <summary>Weights of an MLP [input, width × (layers − 1), output].</summary>
    private static double Weights(double input, double layers, double width, double output)
        => layers <= 1 ? input * output : input * width + width * width * (layers - 2) + width * output;

    private static string Count(double n) => n < 1e15 ? n.ToString("N0", CultureInfo.InvariantCulture) : n.ToString("0.#e0", CultureInfo.InvariantCulture);

    private static string Size(double bytes) => bytes >= 1L << 50 ? $"{(bytes / (1L << 50)).ToString("0.#", CultureInfo.InvariantCulture)} PB"
        : bytes >= 1L << 30 ? $"{(bytes / (1L << 30)).ToString("0.#", CultureInfo.InvariantCulture)} GB"
        : $"{(bytes / (1L << 20)).ToString("0.#", CultureInfo.InvariantCulture)} MB";
}
