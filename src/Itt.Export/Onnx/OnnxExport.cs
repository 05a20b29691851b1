using System.Globalization;
using Google.Protobuf;
using Itt.Environments.Spaces;
using Itt.Export.Onnx.Format;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Networks;
using DataType = Itt.Export.Onnx.Format.TensorProto.Types.DataType;

namespace Itt.Export.Onnx;

/// <summary>
/// Writes a <see cref="FrozenPolicy"/> as an ONNX model (IR 8, opset 17, standard operators only). Input
/// <c>observation</c>: float [batch, observation size]. Outputs <c>action</c>: float [batch, action size] (a discrete
/// action as its index), and for implicit policies and discrete spaces <c>index</c>: int64 [batch], the chosen
/// candidate. ITT: state tower, one MatMul with the action embeddings l_A(A*) computed at export, ArgMax, Gather.
/// IOT: the energy network on [s, a] for every candidate, ArgMax, Gather. Explicit: the network, then the clip to
/// the box, or for a discrete space the index clip(round(y), 0, n − 1) (NaN → 0 in both). The normaliser, when
/// present, comes first.
/// </summary>
public static class OnnxExport
{
    /// <summary>Name of the graph input.</summary>
    public const string ObservationInput = "observation";

    /// <summary>Name of the action output.</summary>
    public const string ActionOutput = "action";

    /// <summary>Name of the chosen-candidate output.</summary>
    public const string IndexOutput = "index";

    /// <summary>The ONNX operator set the graph uses.</summary>
    public const int OpsetVersion = 17;

    private const long IrVersion = 8;

    /// <summary>The serialised model. <paramref name="environmentId"/> is recorded in the metadata.</summary>
    public static byte[] ToBytes(FrozenPolicy policy, string? environmentId = null)
    {
        var graph = BuildGraph(policy);
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "itt",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = $"{policy.Architecture} exported by Itt.Export",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in Metadata(policy, environmentId))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model.ToByteArray();
    }

    /// <summary>
    /// The metadata written into the model: <c>itt.kind</c>, <c>itt.environment</c>, <c>itt.action_samples</c>
    /// (N of A*, absent for explicit), <c>itt.candidate_seed</c> and <c>itt.normalized</c>.
    /// </summary>
    public static IReadOnlyList<(string Key, string Value)> Metadata(FrozenPolicy policy, string? environmentId)
    {
        var entries = new List<(string, string)> { ("itt.kind", policy.Architecture.Kind.ToString().ToLowerInvariant()) };
        if (environmentId is not null) entries.Add(("itt.environment", environmentId));
        if (policy.Candidates is { } candidates)
        {
            entries.Add(("itt.action_samples", candidates.Count.ToString(CultureInfo.InvariantCulture)));
            entries.Add(("itt.candidate_seed", policy.CandidateSeed.ToString(CultureInfo.InvariantCulture)));
        }
        entries.Add(("itt.normalized", policy.Normalization is null ? "false" : "true"));
        return entries;
    }

    private static GraphProto BuildGraph(FrozenPolicy policy)
    {
        var architecture = policy.Architecture;
        var g = new GraphBuilder();
        g.Input(ObservationInput, DataType.Float, "batch", architecture.ObservationSize);
        string x = Normalize(g, ObservationInput, policy.Normalization);
        ReadOnlySpan<float> theta = policy.Theta;
        var (action, index) = architecture.Kind switch
        {
            PolicyKind.Itt => TwoTower(g, x, architecture, theta, policy.Candidates!),
            PolicyKind.Iot => OneTower(g, x, architecture, theta, policy.Candidates!),
            _ => Explicit(g, x, architecture, theta),
        };
        g.Output(action, ActionOutput, DataType.Float, "batch", architecture.ActionSpace.Dimension);
        if (index is not null) g.Output(index, IndexOutput, DataType.Int64, "batch");
        return g.Graph;
    }

    private static string Normalize(GraphBuilder g, string x, ObservationNormalization? normalization)
    {
        if (normalization is null) return x;
        int n = normalization.Mean.Length;
        x = g.Node("Sub", [x, g.Constant("obs_mean", normalization.Mean, n)]);
        x = g.Node("Div", [x, g.Constant("obs_std", normalization.Std, n)]);
        if (normalization.Clips)
            x = g.Node("Clip", [x, g.Constant("obs_clip_low", [-normalization.Clip]), g.Constant("obs_clip_high", [normalization.Clip])]);
        return x;
    }

    /// <summary>Scores = l_S(s) · l_A(A*), with the embeddings computed here exactly as the C# policy computes them.</summary>
    private static (string Action, string? Index) TwoTower(GraphBuilder g, string x, PolicyArchitecture architecture, ReadOnlySpan<float> theta, ActionCandidates candidates)
    {
        var stateTower = architecture.StateTower!;
        var actionTower = architecture.ActionTower!;
        string query = Network(g, "state_tower", stateTower, theta.Slice(0, stateTower.ParameterCount), x);
        int n = candidates.Count, latent = actionTower.OutputSize;
        var embeddings = new float[latent * n]; // structure of arrays: latent rows of n values, i.e. the [d, N] matrix
        actionTower.ForwardBatch(theta.Slice(architecture.ActionTowerOffset, actionTower.ParameterCount), candidates.Values,
            embeddings, n, new float[2 * actionTower.MaxWidth * n]);
        string scores = g.Node("MatMul", [query, g.Constant("action_embeddings", embeddings, latent, n)]);
        return Best(g, scores, candidates);
    }

    /// <summary>Scores = energy network on [s, a] for every a in A*, broadcast over the batch.</summary>
    private static (string Action, string? Index) OneTower(GraphBuilder g, string x, PolicyArchitecture architecture, ReadOnlySpan<float> theta, ActionCandidates candidates)
    {
        int n = candidates.Count, o = architecture.ObservationSize, a = candidates.Dimension;
        string batch = g.Node("Shape", [x], GraphBuilder.Int("start", 0), GraphBuilder.Int("end", 1));
        string states = g.Node("Unsqueeze", [x, g.Constant("axis_1", [1L], 1)]);                            // [B, 1, O]
        states = g.Node("Expand", [states, g.Node("Concat", [batch, g.Constant("n_o", [n, o], 2)], GraphBuilder.Int("axis", 0))]);
        var candidateMajor = CandidateMajor(candidates);
        string actions = g.Constant("candidates", candidateMajor, 1, n, a);                                  // [1, N, A]
        actions = g.Node("Expand", [actions, g.Node("Concat", [batch, g.Constant("n_a", [n, a], 2)], GraphBuilder.Int("axis", 0))]);
        string pairs = g.Node("Concat", [states, actions], GraphBuilder.Int("axis", 2));                    // [B, N, O + A]
        string energies = Network(g, "energy", architecture.Network!, theta, pairs);                        // [B, N, 1]
        string scores = g.Node("Squeeze", [energies, g.Constant("axis_2", [2L], 1)]);
        return Best(g, scores, candidates);
    }

    private static (string Action, string? Index) Explicit(GraphBuilder g, string x, PolicyArchitecture architecture, ReadOnlySpan<float> theta)
    {
        string y = Network(g, "network", architecture.Network!, theta, x);
        string finite = g.Node("Where", [g.Node("IsNaN", [y]), g.Constant("zero", [0f]), y]);
        switch (architecture.ActionSpace)
        {
            case DiscreteSpace discrete:
            {
                // ActionEncoding.ReadOutIndex: Round is half-to-even, like MathF.Round.
                string action = g.Node("Clip", [g.Node("Round", [finite]), g.Constant("first_action", [0f]), g.Constant("last_action", [discrete.Count - 1f])]);
                string index = g.Node("Squeeze", [g.Node("Cast", [action], GraphBuilder.Int("to", (long)DataType.Int64)), g.Constant("axis_1", [1L], 1)]);
                return (action, index);
            }
            case BoxSpace box:
            {
                string low = g.Node("Max", [finite, g.Constant("action_low", box.Low.ToArray(), box.Dimension)]);
                return (g.Node("Min", [low, g.Constant("action_high", box.High.ToArray(), box.Dimension)]), null);
            }
            default:
                throw new NotSupportedException($"Unsupported action space {architecture.ActionSpace}.");
        }
    }

    /// <summary>The bias-free MLP: x · Wᵢᵀ per layer, ReLU between layers unless linear.</summary>
    private static string Network(GraphBuilder g, string name, Mlp mlp, ReadOnlySpan<float> theta, string x)
    {
        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            int inputs = mlp.Sizes[layer], outputs = mlp.Sizes[layer + 1];
            var weights = mlp.Weights(theta, layer); // row-major outputs × inputs
            var transposed = new float[inputs * outputs];
            for (int r = 0; r < outputs; r++)
                for (int c = 0; c < inputs; c++) transposed[c * outputs + r] = weights[r * inputs + c];
            x = g.Node("MatMul", [x, g.Constant($"{name}_w{layer}", transposed, inputs, outputs)]);
            if (!mlp.Linear && layer < mlp.LayerCount - 1) x = g.Node("Relu", [x]);
        }
        return x;
    }

    /// <summary>
    /// The first index of the largest score, as the C# argmax picks it, and that candidate's environment action (for
    /// a discrete space, the action index itself).
    /// </summary>
    private static (string Action, string Index) Best(GraphBuilder g, string scores, ActionCandidates candidates)
    {
        string index = g.Node("ArgMax", [scores], GraphBuilder.Int("axis", 1), GraphBuilder.Int("keepdims", 0), GraphBuilder.Int("select_last_index", 0));
        string table = candidates.IsFixed
            ? g.Constant("action_indices", Enumerable.Range(0, candidates.Count).Select(k => (float)k).ToArray(), candidates.Count, 1)
            : g.Constant("candidate_actions", CandidateMajor(candidates), candidates.Count, candidates.Dimension);
        return (g.Node("Gather", [table, index], GraphBuilder.Int("axis", 0)), index);
    }

    /// <summary>A* as [N, A] (candidate-major) from its coordinate-major storage.</summary>
    private static float[] CandidateMajor(ActionCandidates candidates)
    {
        int n = candidates.Count, a = candidates.Dimension;
        var values = new float[n * a];
        for (int j = 0; j < a; j++)
            for (int i = 0; i < n; i++) values[i * a + j] = candidates.Values[j * n + i];
        return values;
    }
}
