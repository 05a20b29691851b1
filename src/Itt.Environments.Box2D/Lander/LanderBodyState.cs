namespace Itt.Environments.Box2D.Lander;

/// <summary>The lander hull's physical state in world units, as Box2D holds it.</summary>
/// <param name="X">Body origin x (m); the observation reports the origin, not the centre of mass.</param>
/// <param name="Y">Body origin y (m).</param>
/// <param name="Angle">Angle (rad, counter-clockwise, not wrapped).</param>
/// <param name="VelocityX">Linear velocity x of the centre of mass (m/s), Box2D's linear velocity.</param>
/// <param name="VelocityY">Linear velocity y of the centre of mass (m/s).</param>
/// <param name="AngularVelocity">Angular velocity (rad/s).</param>
public readonly record struct LanderBodyState(double X, double Y, double Angle, double VelocityX, double VelocityY, double AngularVelocity);

/// <summary>How a lander episode ended on a step (the time limit is applied outside the core).</summary>
public enum LanderOutcome
{
    /// <summary>The episode goes on.</summary>
    None,
    /// <summary>The hull touched the ground (reward −100).</summary>
    Crashed,
    /// <summary>|x observation| ≥ 1, i.e. the origin left the 20 m wide screen (reward −100).</summary>
    OutOfBounds,
    /// <summary>Box2D put the lander to sleep: every body still for 0.5 s (reward +100, overriding the two above).</summary>
    AtRest,
}

/// <summary>The parts of the last step's reward.</summary>
/// <param name="Shaping">Shaping of the state after the step.</param>
/// <param name="ShapingDelta">Shaping minus the previous step's shaping (0 when there was none).</param>
/// <param name="MainEngineCost">0.30 × main throttle.</param>
/// <param name="SideEngineCost">0.03 × side throttle.</param>
/// <param name="Outcome">Whether and how the step ended the episode; any outcome replaces the sum by ±100.</param>
public readonly record struct LanderRewardBreakdown(double Shaping, double ShapingDelta, double MainEngineCost, double SideEngineCost,
    LanderOutcome Outcome)
{
    /// <summary>The step's reward: ShapingDelta − costs, or the outcome's fixed value.</summary>
    public double Reward => Outcome switch
    {
        LanderOutcome.None => ShapingDelta - MainEngineCost - SideEngineCost,
        LanderOutcome.AtRest => LanderConstants.RestReward,
        _ => LanderConstants.CrashReward,
    };
}
