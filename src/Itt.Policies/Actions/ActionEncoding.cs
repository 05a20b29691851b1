using Itt.Environments.Spaces;

namespace Itt.Policies.Actions;

/// <summary>
/// How actions are fed to networks. A box action is its own vector. A discrete action k of n enters an implicit
/// policy's network as one scalar, placed evenly on [−1, 1]: −1 + 2k/(n − 1) (so CartPole's two actions are −1 and
/// +1, MountainCar's three are −1, 0, +1). An explicit policy's single output for a discrete space is read as the
/// action index itself: clip(round(y), 0, n − 1), see <see cref="ReadOutIndex"/>.
/// </summary>
public static class ActionEncoding
{
    /// <summary>Length of an encoded action.</summary>
    public static int Size(Space space) => space switch
    {
        DiscreteSpace => 1,
        BoxSpace box => box.Dimension,
        _ => throw new NotSupportedException($"Unsupported action space {space}."),
    };

    /// <summary>The scalar encoding of discrete action <paramref name="index"/> of <paramref name="count"/>.</summary>
    public static float EncodeDiscrete(int index, int count) => count == 1 ? 0f : -1f + 2f * index / (count - 1);

    /// <summary>
    /// The explicit policy's discrete action for its single output <paramref name="value"/>: the index
    /// clip(round(y), 0, n − 1), halves to even, NaN to 0. A bias-free network with ReLU hidden layers has an
    /// output that is 0 or of one fixed sign; on the index scale 0 … n − 1 such an output still reaches every action
    /// (0 when the hidden units are silent, larger indices as they grow), which a read-out centred on 0 cannot.
    /// </summary>
    public static int ReadOutIndex(float value, int count)
    {
        if (float.IsNaN(value)) return 0;
        return (int)Math.Clamp(MathF.Round(value), 0f, count - 1);
    }
}
