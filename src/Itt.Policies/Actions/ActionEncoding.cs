using Itt.Environments.Spaces;

namespace Itt.Policies.Actions;

/// <summary>
/// How actions are fed to networks. A box action is its own vector. A discrete action k of n is one scalar,
/// placed evenly on [−1, 1]: −1 + 2k/(n − 1) (so CartPole's two actions are −1 and +1, MountainCar's three are
/// −1, 0, +1). An explicit policy's single output for a discrete space is read in the same coordinates: the
/// action whose encoding is nearest wins (ties go to the lower index).
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

    /// <summary>The discrete action whose encoding is nearest to <paramref name="value"/>.</summary>
    public static int NearestDiscrete(float value, int count)
    {
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int k = 0; k < count; k++)
        {
            float distance = MathF.Abs(value - EncodeDiscrete(k, count));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = k;
            }
        }
        return best;
    }
}
