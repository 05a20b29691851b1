namespace Itt.Environments;

/// <summary>What one environment step returns besides the observation written into the caller's span.</summary>
/// <param name="Reward">Reward of the transition.</param>
/// <param name="Terminated">The MDP reached a terminal state.</param>
/// <param name="Truncated">The time limit fired (both flags may be true on the same step).</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode is over for either reason.</summary>
    public bool Done => Terminated || Truncated;
}
