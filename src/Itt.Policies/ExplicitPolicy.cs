using Itt.Environments.Spaces;
using Itt.Policies.Actions;
using Itt.Policies.Networks;

namespace Itt.Policies;

/// <summary>
/// The explicit policy: a network maps s to an action. A box action is the output clipped to the box; a discrete
/// action is the single output read as an index, clip(round(y), 0, n − 1) (see <see cref="ActionEncoding.ReadOutIndex"/>).
/// </summary>
public sealed class ExplicitPolicy : Policy
{
    private readonly Mlp _network;
    private readonly float[] _output;
    private readonly float[] _scratch;

    /// <summary>Creates the policy.</summary>
    public ExplicitPolicy(PolicyArchitecture architecture, PolicyOptions options) : base(architecture, options)
    {
        _network = architecture.Network ?? throw new ArgumentException("Not an explicit architecture.");
        _output = new float[_network.OutputSize];
        _scratch = new float[2 * _network.MaxWidth];
    }

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        _network.Forward(Theta, observation, _output, _scratch);
        switch (Architecture.ActionSpace)
        {
            case DiscreteSpace discrete:
                action[0] = ActionEncoding.ReadOutIndex(_output[0], discrete.Count);
                break;
            case BoxSpace box:
                for (int j = 0; j < _output.Length; j++)
                {
                    float value = float.IsNaN(_output[j]) ? 0f : _output[j];
                    action[j] = Math.Clamp(value, box.Low[j], box.High[j]);
                }
                break;
        }
    }
}
