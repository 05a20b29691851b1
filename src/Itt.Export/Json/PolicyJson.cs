using System.Text.Json;
using System.Text.Json.Serialization;
using Itt.Environments.Spaces;
using Itt.Policies;
using Itt.Policies.Networks;

namespace Itt.Export.Json;

/// <summary>Thrown for a policy JSON file that is missing, malformed or inconsistent.</summary>
public sealed class PolicyFileException(string message) : Exception(message);

/// <summary>
/// A <see cref="FrozenPolicy"/> as readable JSON (format <c>itt-policy/1</c>): the architecture, every weight matrix
/// (row-major, outputs × inputs, in θ's order), the normaliser and A* with its N and seed. Floats are written
/// shortest-round-trip, so <see cref="Load"/> rebuilds θ bit for bit. A* is stored for readers and re-drawn from its
/// seed on load; a stored A* that differs from the draw is rejected rather than silently replaced.
/// </summary>
public static class PolicyJson
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "itt-policy/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new CompactFloats() },
    };

    /// <summary>Writes a float array on one line (a weight row, a candidate), so the indented file stays readable.</summary>
    private sealed class CompactFloats : JsonConverter<float[]>
    {
        private static readonly JsonSerializerOptions Plain = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

        public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => JsonSerializer.Deserialize<float[]>(ref reader, Plain);

        public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
            => writer.WriteRawValue(JsonSerializer.Serialize(value, Plain));
    }

    private sealed record Document(string Format, string? Environment, PolicyKind Kind, int ObservationSize, ActionSpaceEntry ActionSpace,
        LayerOptions Layers, NetworkEntry[] Networks, NormalizerEntry? Normalizer, CandidatesEntry? Candidates);

    private sealed record ActionSpaceEntry(string Type, int? Count, float[]? Low, float[]? High);

    private sealed record NetworkEntry(string Name, int[] Sizes, bool Relu, float[][][] Weights);

    private sealed record NormalizerEntry(float[] Mean, float[] Std, float? Clip);

    private sealed record CandidatesEntry(int Count, ulong Seed, float[][] Actions);

    /// <summary>The JSON text of <paramref name="policy"/>; <paramref name="environmentId"/> is recorded for readers.</summary>
    public static string Serialize(FrozenPolicy policy, string? environmentId = null)
    {
        var a = policy.Architecture;
        ActionSpaceEntry space = a.ActionSpace switch
        {
            DiscreteSpace d => new("discrete", d.Count, null, null),
            BoxSpace b => new("box", null, b.Low.ToArray(), b.High.ToArray()),
            _ => throw new NotSupportedException($"Unsupported action space {a.ActionSpace}."),
        };
        var normalizer = policy.Normalization is { } n ? new NormalizerEntry(n.Mean, n.Std, n.Clips ? n.Clip : null) : null;
        CandidatesEntry? candidates = null;
        if (policy.Candidates is { } c)
        {
            var actions = new float[c.Count][];
            for (int i = 0; i < c.Count; i++)
            {
                actions[i] = new float[c.Dimension];
                for (int j = 0; j < c.Dimension; j++) actions[i][j] = c.Values[j * c.Count + i];
            }
            candidates = new CandidatesEntry(c.Count, policy.CandidateSeed, actions);
        }
        var document = new Document(Format, environmentId, a.Kind, a.ObservationSize, space, LayersOf(a),
            Networks(a).Select(x => Entry(x.Name, x.Mlp, policy.Theta.AsSpan(x.Offset, x.Mlp.ParameterCount))).ToArray(),
            normalizer, candidates);
        return JsonSerializer.Serialize(document, Options);
    }

    /// <summary>Reads a policy written by <see cref="Serialize"/>; every inconsistency is a <see cref="PolicyFileException"/>.</summary>
    public static FrozenPolicy Load(string path)
    {
        if (!File.Exists(path)) throw new PolicyFileException($"policy file not found: {path}");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (PolicyFileException e) { throw new PolicyFileException($"{e.Message}: {path}"); }
    }

    /// <summary>Reads a policy from JSON text.</summary>
    public static FrozenPolicy Parse(string json)
    {
        Document document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(json, Options) ?? throw new PolicyFileException("empty policy file");
        }
        catch (JsonException e) { throw new PolicyFileException($"not a policy file ({e.Message})"); }
        if (document.Format != Format) throw new PolicyFileException($"format is '{document.Format}', expected '{Format}'");
        if (document.ActionSpace is null || document.Layers is null || document.Networks is null) throw new PolicyFileException("actionSpace, layers and networks are required");
        Space space;
        try
        {
            space = document.ActionSpace.Type switch
            {
                "discrete" when document.ActionSpace.Count is int count and > 0 => new DiscreteSpace(count),
                "box" when document.ActionSpace is { Low: { } low, High: { } high } && low.Length == high.Length && low.Length > 0 => new BoxSpace(low, high),
                _ => throw new PolicyFileException("actionSpace must be {type: discrete, count} or {type: box, low, high}"),
            };
        }
        catch (ArgumentException e) { throw new PolicyFileException($"invalid actionSpace ({e.Message})"); }
        PolicyArchitecture architecture;
        try { architecture = PolicyArchitecture.Create(document.Kind, document.ObservationSize, space, document.Layers); }
        catch (ArgumentException e) { throw new PolicyFileException($"invalid architecture ({e.Message})"); }

        var theta = new float[architecture.ParameterCount];
        var expected = Networks(architecture).ToArray();
        if (document.Networks.Length != expected.Length)
            throw new PolicyFileException($"{document.Networks.Length} networks given, the {document.Kind} architecture has {expected.Length}");
        for (int k = 0; k < expected.Length; k++)
            Fill(document.Networks[k], expected[k].Name, expected[k].Mlp, theta.AsSpan(expected[k].Offset, expected[k].Mlp.ParameterCount));

        var normalization = document.Normalizer is { } n
            ? new ObservationNormalization(n.Mean ?? [], n.Std ?? [], n.Clip ?? float.PositiveInfinity) : null;
        if (normalization?.Validate(architecture.ObservationSize) is string problem) throw new PolicyFileException(problem);

        bool implicitPolicy = architecture.Kind != PolicyKind.Explicit;
        if (implicitPolicy != document.Candidates is not null)
            throw new PolicyFileException(implicitPolicy ? "an implicit policy needs its candidates" : "an explicit policy has no candidates");
        var stored = document.Candidates;
        if (stored is not null && (stored.Count < 1 || stored.Actions is null || stored.Actions.Length != stored.Count))
            throw new PolicyFileException("candidates.actions must hold candidates.count actions");
        FrozenPolicy policy;
        try { policy = FrozenPolicy.Create(architecture, theta, stored?.Count ?? 1, stored?.Seed ?? 0, normalization); }
        catch (ArgumentException e) { throw new PolicyFileException($"invalid policy ({e.Message})"); } // e.g. candidates in an unbounded box
        if (stored is not null && policy.Candidates is { } drawn)
        {
            for (int i = 0; i < drawn.Count; i++)
            {
                if (stored.Actions[i] is not { } row || row.Length != drawn.Dimension)
                    throw new PolicyFileException($"candidate {i} must have {drawn.Dimension} entries");
                for (int j = 0; j < drawn.Dimension; j++)
                    if (BitConverter.SingleToInt32Bits(row[j]) != BitConverter.SingleToInt32Bits(drawn.Values[j * drawn.Count + i]))
                        throw new PolicyFileException($"candidate {i} differs from the draw of seed {stored.Seed} (A* is re-drawn, not edited)");
            }
        }
        return policy;
    }

    /// <summary>The networks of an architecture with their θ offsets, in θ order.</summary>
    private static IEnumerable<(string Name, Mlp Mlp, int Offset)> Networks(PolicyArchitecture a)
    {
        if (a.Kind == PolicyKind.Itt)
        {
            yield return ("state-tower", a.StateTower!, 0);
            yield return ("action-tower", a.ActionTower!, a.ActionTowerOffset);
        }
        else yield return (a.Kind == PolicyKind.Iot ? "energy" : "network", a.Network!, 0);
    }

    /// <summary>The layer options with the defaulted widths made explicit, so the file says what it holds.</summary>
    private static LayerOptions LayersOf(PolicyArchitecture a)
    {
        var first = a.StateTower ?? a.Network!;
        int? width = first.LayerCount > 1 ? first.Sizes[1] : null;
        return a.Kind switch
        {
            PolicyKind.Itt => new LayerOptions(width ?? (a.ActionTower!.LayerCount > 1 ? a.ActionTower.Sizes[1] : null), a.StateTower!.OutputSize,
                a.StateTower.LayerCount, a.ActionTower!.LayerCount, Linear: a.StateTower.Linear),
            _ => new LayerOptions(width, null, NetworkLayers: a.Network!.LayerCount, Linear: a.Network.Linear),
        };
    }

    private static NetworkEntry Entry(string name, Mlp mlp, ReadOnlySpan<float> theta)
    {
        var layers = new float[mlp.LayerCount][][];
        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            var weights = mlp.Weights(theta, layer);
            int inputs = mlp.Sizes[layer];
            layers[layer] = new float[mlp.Sizes[layer + 1]][];
            for (int r = 0; r < layers[layer].Length; r++) layers[layer][r] = weights.Slice(r * inputs, inputs).ToArray();
        }
        return new NetworkEntry(name, mlp.Sizes.ToArray(), !mlp.Linear, layers);
    }

    private static void Fill(NetworkEntry entry, string name, Mlp mlp, Span<float> theta)
    {
        if (entry?.Name != name || entry.Sizes is null || !entry.Sizes.SequenceEqual(mlp.Sizes) || entry.Relu == mlp.Linear)
            throw new PolicyFileException($"network '{entry?.Name}' does not match the architecture's '{name}' ({mlp})");
        if (entry.Weights is null || entry.Weights.Length != mlp.LayerCount) throw new PolicyFileException($"{name}: expected {mlp.LayerCount} weight matrices");
        int offset = 0;
        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            var rows = entry.Weights[layer];
            if (rows is null || rows.Length != mlp.Sizes[layer + 1] || rows.Any(r => r is null || r.Length != mlp.Sizes[layer]))
                throw new PolicyFileException($"{name} layer {layer}: expected a {mlp.Sizes[layer + 1]} × {mlp.Sizes[layer]} matrix");
            foreach (var row in rows)
            {
                row.CopyTo(theta.Slice(offset));
                offset += row.Length;
            }
        }
    }
}
