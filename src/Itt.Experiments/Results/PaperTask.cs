namespace Itt.Experiments.Results;

/// <summary>A final return as the paper prints it: mean ± std over its seeds.</summary>
/// <param name="Mean">Mean over seeds.</param>
/// <param name="Std">Standard deviation over seeds.</param>
public readonly record struct PaperReturn(double Mean, double Std);

/// <summary>
/// One of the paper's 15 tasks: its name there, our environment id, and the paper's figures for it (null where the
/// paper gives none).
/// </summary>
/// <param name="PaperName">The name the paper uses (e.g. <c>Hopper-v2</c>, <c>DMCS:Swimmer6</c>).</param>
/// <param name="Environment">Our environment id.</param>
/// <param name="Itt">Table 1, ITT.</param>
/// <param name="Iot">Table 1, IOT.</param>
/// <param name="Explicit">Table 1, explicit.</param>
/// <param name="Hours">Table 2: training hours on 24 CPUs for ITT, IOT and explicit, and the iteration count.</param>
/// <param name="Steps">Table 3: the threshold and timesteps for ITT, ITT-RFT and ES (explicit, Salimans et al.).</param>
public sealed record PaperTask(string PaperName, string Environment, PaperReturn? Itt = null, PaperReturn? Iot = null, PaperReturn? Explicit = null,
    (double Itt, double Iot, double Explicit, int Iterations)? Hours = null,
    (double Threshold, double Itt, double IttRft, double Es)? Steps = null)
{
    /// <summary>The paper's Table 1 value of <paramref name="architecture"/> (<c>itt</c>, <c>iot</c> or <c>explicit</c>).</summary>
    public PaperReturn? FinalOf(string architecture) => architecture switch
    {
        "itt" => Itt,
        "iot" => Iot,
        "explicit" => Explicit,
        _ => null,
    };

    /// <summary>The paper's 15 tasks in the order of its Table 1 (the two DM Control tasks it has no row for last).</summary>
    public static readonly IReadOnlyList<PaperTask> All =
    [
        new("Swimmer-v2", "Swimmer-v4", new(344.13, 5.18), new(75.54, 88.05), new(347.67, 5.74), (0.17, 0.18, 0.11, 500),
            (128.25, 1.07e6, 0.82e6, 1.39e6)),
        new("LunarLanderContinuous-v2", "LunarLanderContinuous-v3", new(157.38, 71.81), new(-72.72, 26.98), new(62.85, 176.36), (0.06, 0.06, 0.08, 500)),
        new("Hopper-v2", "Hopper-v4", new(2670.37, 225.53), new(1036.52, 29.16), new(1060.89, 40.71), (2.49, 3.36, 2.42, 4000),
            (877.45, 0.69e5, 0.67e5, 3.83e5)),
        new("HalfCheetah-v2", "HalfCheetah-v4", new(2866.02, 416.81), new(2696.29, 274.51), new(1845.64, 441.96), (12.94, 23.61, 9.95, 4000)),
        new("Walker2d-v2", "Walker2d-v4", new(1897.87, 498.86), new(2909.85, 621.45), new(1346.93, 906.33), (16.88, 27.49, 13.41, 4000),
            (957.68, 3.16e5, 4.84e5, 6.43e5)),
        new("CartPole-v1", "CartPole-v1", new(500, 0), new(500, 0), new(500, 0)),
        new("MountainCar-v0", "MountainCar-v0", new(-133.50, 27.10), new(-200, 0), new(-143.40, 37.12)),
        new("Acrobot-v1", "Acrobot-v1", new(-82.60, 11.93), new(-82.00, 8.54), new(-92.10, 21.41)),
        new("MountainCarContinuous-v0", "MountainCarContinuous-v0", new(89.17, 8.97), new(25.96, 53.61), new(52.34, 42.74)),
        new("InvertedPendulumBulletEnv-v0", "InvertedPendulum-v4", new(1000, 0), new(27.10, 12.70), new(1000, 0)),
        new("DMCS:Swimmer6", "swimmer-swimmer6", new(988.26, 10.11), new(984.88, 28.05), new(767.44, 120.22)),
        new("DMCS:Swimmer15", "swimmer-swimmer15", new(995.81, 7.02), new(990.68, 0.001), new(935.99, 48.69)),
        new("DMCS:FishSwim", "fish-swim", new(652.21, 152.07), new(331.73, 8.42), new(470.66, 0.004)),
        new("DMCS:HopperStand", "hopper-stand"),
        new("DMCS:WalkerWalk", "walker-walk"),
    ];
}
