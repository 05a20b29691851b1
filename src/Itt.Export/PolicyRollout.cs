using Itt.Environments;

namespace Itt.Export;

/// <summary>Chooses an action for an observation (a discrete action as its index).</summary>
public delegate void ActionFunction(ReadOnlySpan<float> observation, Span<float> action);

/// <summary>Runs whole episodes with any action source: a <see cref="FrozenPolicy"/>, an ONNX model, a controller.</summary>
public static class PolicyRollout
{
    /// <summary>
    /// Runs one episode from <c>Reset(<paramref name="seed"/>)</c> and returns its return and length;
    /// <paramref name="observed"/>, when given, sees every observation the policy acts on.
    /// </summary>
    public static (double Return, int Steps) Run(Env environment, ulong seed, ActionFunction act, Action<float[]>? observed = null)
    {
        var observation = new float[environment.ObservationSpace.Dimension];
        var action = new float[environment.ActionSpace.Dimension];
        environment.Reset(seed, observation);
        double total = 0;
        for (int steps = 1; ; steps++)
        {
            observed?.Invoke(observation);
            act(observation, action);
            var result = environment.Step(action, observation);
            total += result.Reward;
            if (result.Done) return (total, steps);
        }
    }
}
