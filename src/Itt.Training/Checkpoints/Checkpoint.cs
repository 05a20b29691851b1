using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Itt.Policies;
using Itt.Training.Configuration;
using Itt.Training.Normalization;

namespace Itt.Training.Checkpoints;

/// <summary>Thrown when a checkpoint cannot be read: missing, truncated, altered or of another format.</summary>
public sealed class CheckpointException(string message) : Exception(message);

/// <summary>
/// A checkpoint file: a header line <c>itt-checkpoint v1 sha256=…</c> followed by a JSON payload holding the
/// config and the training state, θ as the base64 of its little-endian doubles so it round-trips bit for bit.
/// Written to a temporary file, flushed to disk and renamed over the old one, so a crash leaves either the old
/// or the new checkpoint, never a torn one.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "itt-checkpoint v1 sha256=";

    private sealed record Payload(string ConfigHash, TrainingConfig Config, int Iteration, string Theta,
        long OptimizerSteps, string[] OptimizerState, long EnvironmentSteps, double ElapsedSeconds,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ObservationsPayload? Observations = null);

    /// <summary>Observation statistics (absent from runs that do not normalise, so their checkpoints read as before).</summary>
    private sealed record ObservationsPayload(long Count, string Mean, string SquaredDeviations);

    /// <summary>Atomically writes <paramref name="state"/> of a run with <paramref name="config"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, TrainingConfig config, TrainingState state)
    {
        var payload = new Payload(config.Hash, config, state.Iteration, Encode(state.Theta), state.OptimizerSteps,
            state.OptimizerState.Select(Encode).ToArray(), state.EnvironmentSteps, state.ElapsedSeconds,
            state.Observations is { } o ? new ObservationsPayload(o.Count, Encode(o.Mean.ToArray()), Encode(o.SquaredDeviations.ToArray())) : null);
        string json = JsonSerializer.Serialize(payload, Json.Options);
        string text = Magic + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))).ToLowerInvariant() + "\n" + json;
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>
    /// Reads and verifies a checkpoint; θ's length is checked against the architecture in environments made by
    /// <paramref name="environments"/> (null: the registry's, by the configuration's id).
    /// </summary>
    public static (TrainingConfig Config, TrainingState State) Load(string path, Func<Itt.Environments.Env>? environments = null)
    {
        if (!File.Exists(path)) throw new CheckpointException($"checkpoint not found: {path}");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new CheckpointException($"cannot read checkpoint {path}: {e.Message}"); }
        int newline = text.IndexOf('\n');
        if (!text.StartsWith(Magic, StringComparison.Ordinal) || newline < 0)
            throw new CheckpointException($"not an itt checkpoint: {path}");
        string expected = text[Magic.Length..newline];
        string json = text[(newline + 1)..];
        string actual = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))).ToLowerInvariant();
        if (expected != actual) throw new CheckpointException($"checkpoint is corrupt (checksum mismatch): {path}");
        Payload payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(json, Json.Options) ?? throw new JsonException("empty");
        }
        catch (JsonException e) { throw new CheckpointException($"checkpoint is corrupt ({e.Message}): {path}"); }
        if (payload.Config is null || payload.ConfigHash is null || payload.Theta is null || payload.OptimizerState is null || payload.OptimizerState.Any(a => a is null))
            throw new CheckpointException($"checkpoint is incomplete (it lacks {Missing(payload)}): {path}");
        if (payload.Config.Hash != payload.ConfigHash)
            throw new CheckpointException($"checkpoint was written by an incompatible version (config hash differs): {path}");
        TrainingState state;
        try
        {
            state = ToState(payload);
        }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new CheckpointException($"checkpoint is corrupt ({e.Message}): {path}"); }
        if (Problem(payload.Config, state, environments) is string problem) throw new CheckpointException($"checkpoint is invalid ({problem}): {path}");
        return (payload.Config, state);
    }

    private static string Missing(Payload p) => p.Config is null ? "config" : p.ConfigHash is null ? "configHash" : p.Theta is null ? "theta" : "optimizerState";

    /// <summary>The first value of a checksummed checkpoint that no run could have written, or null: its contents are checked, not trusted.</summary>
    private static string? Problem(TrainingConfig config, TrainingState state, Func<Itt.Environments.Env>? environments)
    {
        if (config.Validate() is string invalid) return $"its configuration is invalid: {invalid}";
        if (state.Iteration < 0) return $"iteration {state.Iteration} is negative";
        if (state.OptimizerSteps < 0 || state.OptimizerSteps > state.Iteration) return $"optimizer steps {state.OptimizerSteps} are outside 0..{state.Iteration}";
        if (state.EnvironmentSteps < 0) return $"environment steps {state.EnvironmentSteps} are negative";
        if (!(state.ElapsedSeconds >= 0) || !double.IsFinite(state.ElapsedSeconds)) return $"elapsed seconds {state.ElapsedSeconds} are not a finite number >= 0";
        PolicyArchitecture architecture;
        try { architecture = EsTrainer.ArchitectureFor(config, environments, threads: 1); } // the shapes; what a use needs is sized by that use
        catch (ArgumentException e) { return e.Message; }
        int parameters = architecture.ParameterCount, observations = architecture.ObservationSize;
        if (state.Theta.Length != parameters) return $"θ has {state.Theta.Length} entries, the architecture {parameters}";
        if (Array.FindIndex(state.Theta, v => !double.IsFinite(v)) is var bad and >= 0) return $"θ[{bad}] is {state.Theta[bad]}";
        int arrays = Optimization.Optimizer.Create(config.Optimizer, config.LearningRate, parameters).StateArrays.Count;
        if (state.OptimizerState.Count != arrays || state.OptimizerState.Any(a => a.Length != parameters))
            return $"the optimizer state does not fit {config.Optimizer} over {parameters} parameters";
        if (state.OptimizerState.Any(a => a.Any(v => !double.IsFinite(v)))) return "the optimizer state holds a non-finite value";
        // Statistics exactly where the run normalises: without them a resume would restart them and part from the run.
        if (config.NormalizeObservations != state.Observations is not null)
            return config.NormalizeObservations ? "the run normalises observations and holds no statistics of them" : "it holds observation statistics for a run that does not normalise";
        if (state.Observations is { } o)
        {
            if (o.Size != observations) return $"the observation statistics have {o.Size} entries, the observations {observations}";
            if (o.Mean.ToArray().Any(v => !double.IsFinite(v)) || o.SquaredDeviations.ToArray().Any(v => !(v >= 0) || !double.IsFinite(v)))
                return "the observation statistics hold a non-finite or negative value";
        }
        return null;
    }

    private static TrainingState ToState(Payload payload)
    {
        return new TrainingState
        {
            Iteration = payload.Iteration,
            Theta = Decode(payload.Theta),
            OptimizerSteps = payload.OptimizerSteps,
            OptimizerState = payload.OptimizerState.Select(Decode).ToArray(),
            EnvironmentSteps = payload.EnvironmentSteps,
            ElapsedSeconds = payload.ElapsedSeconds,
            Observations = payload.Observations is { } o ? new ObservationStatistics(o.Count, Decode(o.Mean), Decode(o.SquaredDeviations)) : null,
        };
    }

    private static string Encode(double[] values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return Convert.ToBase64String(bytes);
    }

    private static double[] Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        if (bytes.Length % 8 != 0) throw new CheckpointException("checkpoint array has a partial entry");
        var values = new double[bytes.Length / 8];
        for (int i = 0; i < values.Length; i++)
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
        return values;
    }
}

/// <summary>Write-flush-rename file replacement.</summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically: written and flushed to a temporary file of
    /// its own beside it, then renamed, so a failure leaves neither a torn file nor litter, and no other file (say a
    /// user's <c>model.onnx.tmp</c>) is ever written over.
    /// </summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // nothing left after the move
        }
    }
}
