using Itt.Environments.Spaces;
using Itt.Policies.Actions;
using Itt.Policies.Networks;

namespace Itt.Policies;

/// <summary>The three policy families compared in the paper.</summary>
public enum PolicyKind
{
    /// <summary>Implicit two-tower: argmax over A* of ⟨l_S(s), l_A(a)⟩.</summary>
    Itt,
    /// <summary>Implicit one-tower: argmax over A* of one energy network on [s, a].</summary>
    Iot,
    /// <summary>Explicit: a network maps s to an action.</summary>
    Explicit,
}

/// <summary>
/// Layer counts and widths. Null widths default to the action encoding's dimension, as in the paper's Gym
/// experiments ("latent and hidden dimensionalities are set to the dimensionality of the action vector").
/// </summary>
/// <param name="Width">Hidden width of every network.</param>
/// <param name="Latent">Latent dimension d of the two towers.</param>
/// <param name="StateLayers">Weight matrices in the ITT state tower.</param>
/// <param name="ActionLayers">Weight matrices in the ITT action tower.</param>
/// <param name="NetworkLayers">Weight matrices in the IOT energy network or the explicit network (JSON name <c>layers</c>, kept for old runs).</param>
/// <param name="Linear">No ReLU anywhere (the paper's Swimmer setting).</param>
public sealed record LayerOptions(int? Width = null, int? Latent = null, int StateLayers = 1, int ActionLayers = 1,
    [property: System.Text.Json.Serialization.JsonPropertyName("layers")] int NetworkLayers = 2, bool Linear = false);

/// <summary>
/// The networks of one policy and where their weights sit in the flat θ: for ITT the state tower comes first,
/// then the action tower. The parameter count is a pure function of this shape.
/// </summary>
public sealed class PolicyArchitecture
{
    private PolicyArchitecture(PolicyKind kind, int observationSize, Space actionSpace, Mlp? stateTower, Mlp? actionTower, Mlp? network)
    {
        Kind = kind;
        ObservationSize = observationSize;
        ActionSpace = actionSpace;
        StateTower = stateTower;
        ActionTower = actionTower;
        Network = network;
        ParameterCount = (stateTower?.ParameterCount ?? 0) + (actionTower?.ParameterCount ?? 0) + (network?.ParameterCount ?? 0);
    }

    /// <summary>Policy family.</summary>
    public PolicyKind Kind { get; }

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Action space of the environment.</summary>
    public Space ActionSpace { get; }

    /// <summary>Length of an encoded action as fed to a network (see <see cref="ActionEncoding"/>).</summary>
    public int ActionSize => ActionEncoding.Size(ActionSpace);

    /// <summary>ITT state tower s → ℝ^d (null for other kinds).</summary>
    public Mlp? StateTower { get; }

    /// <summary>ITT action tower a → ℝ^d (null for other kinds).</summary>
    public Mlp? ActionTower { get; }

    /// <summary>IOT energy network [s, a] → ℝ or explicit network s → a (null for ITT).</summary>
    public Mlp? Network { get; }

    /// <summary>Dimension D of θ.</summary>
    public int ParameterCount { get; }

    /// <summary>Offset of the action tower's weights in θ (ITT only; the state tower starts at 0).</summary>
    public int ActionTowerOffset => StateTower?.ParameterCount ?? 0;

    /// <summary>Builds the networks of <paramref name="kind"/> for an environment's spaces.</summary>
    public static PolicyArchitecture Create(PolicyKind kind, int observationSize, Space actionSpace, LayerOptions layers)
    {
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize));
        if (layers.StateLayers < 1 || layers.ActionLayers < 1 || layers.NetworkLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(layers), "every network needs at least one layer");
        int actionSize = ActionEncoding.Size(actionSpace);
        int width = layers.Width ?? actionSize;
        int latent = layers.Latent ?? actionSize;
        if (width < 1 || latent < 1) throw new ArgumentOutOfRangeException(nameof(layers), "widths must be positive");
        return kind switch
        {
            PolicyKind.Itt => new(kind, observationSize, actionSpace,
                new Mlp(Sizes(observationSize, layers.StateLayers, width, latent), layers.Linear),
                new Mlp(Sizes(actionSize, layers.ActionLayers, width, latent), layers.Linear), null),
            PolicyKind.Iot => new(kind, observationSize, actionSpace, null, null,
                new Mlp(Sizes(observationSize + actionSize, layers.NetworkLayers, width, 1), layers.Linear)),
            PolicyKind.Explicit => new(kind, observationSize, actionSpace, null, null,
                new Mlp(Sizes(observationSize, layers.NetworkLayers, width, actionSize), layers.Linear)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static int[] Sizes(int input, int layerCount, int width, int output)
    {
        var sizes = new int[layerCount + 1];
        sizes[0] = input;
        for (int i = 1; i < layerCount; i++) sizes[i] = width;
        sizes[layerCount] = output;
        return sizes;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PolicyKind.Itt => $"ITT state {StateTower} · action {ActionTower} (D = {ParameterCount})",
        _ => $"{Kind.ToString().ToUpperInvariant()} {Network} (D = {ParameterCount})",
    };
}
