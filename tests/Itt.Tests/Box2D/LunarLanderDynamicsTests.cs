using Itt.Core.Random;
using Itt.Environments;
using Itt.Environments.Box2D.Lander;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;
using Xunit;

namespace Itt.Tests.Box2D;

/// <summary>The lander's contract: spaces, registration, geometry, determinism, rewards and every way an episode ends.</summary>
public sealed class LunarLanderDynamicsTests
{


    [Box2DTheory]
    [InlineData("LunarLanderContinuous-v3", 2.5f)]
    [InlineData("LunarLanderContinuous-v2", 1.5f)]
    public void ContinuousIdsHaveEightObservationsAndTwoThrottles(string id, float positionBound)
    {
        var spec = EnvironmentRegistry.Get(id);
        Assert.Null(spec.MissingDependency?.Invoke());
        Assert.Equal((1000, 200.0, "box2d"), (spec.MaxEpisodeSteps, spec.RewardThreshold!.Value, spec.Family));
        using var env = EnvironmentRegistry.Make(id);
        var obs = Assert.IsType<BoxSpace>(env.ObservationSpace);
        Assert.Equal(8, obs.Dimension);
        Assert.Equal(positionBound, obs.High[0]);
        Assert.Equal((0f, 1f), (obs.Low[6], obs.High[7]));
        var act = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal([-1f, -1f], act.Low);
        Assert.Equal([1f, 1f], act.High);
        Assert.Equal(1000, env.MaxEpisodeSteps);
    }

    [Box2DFact]
    public void DiscreteIdHasFourActions()
    {
        using var env = EnvironmentRegistry.Make("LunarLander-v3");
        Assert.Equal(8, env.ObservationSpace.Dimension);
        Assert.Equal(new DiscreteSpace(4), env.ActionSpace);
    }

    [Box2DFact]
    public void BodiesAndTerrainFollowTheSpec()
    {
        using var env = new LunarLander();
        env.Reset(3, new float[8]);
        var (mass, cx, cy) = env.HullMass;
        // The shoelace formula on the hull polygon (−14,17) (−17,0) (−17,−10) (17,−10) (17,0) (14,17) px: area 867 px², centroid
        // (0, 155/51) px; density 5, 30 px per metre. Box2D computes in f32.
        Assert.Equal(5 * 867.0 / (30 * 30), mass, 1e-5);
        Assert.Equal(0.0, cx, 1e-6);
        Assert.Equal(155.0 / 51 / 30, cy, 1e-6);
        Assert.Equal(11, env.TerrainHeights.Count);
        for (int i = 4; i <= 6; i++) Assert.Equal(3.3, env.TerrainHeights[i], 12);
        Assert.All(env.TerrainHeights, h => Assert.InRange(h, 0, 0.99 * 400 / 30.0 / 2));
        var hull = env.Hull;
        Assert.InRange(hull.X, 9.0, 11.0);  // one step after the start at (10, 13.33), kicked by at most 1000 N
        Assert.InRange(hull.Y, 12.8, 13.9);
    }

    [Box2DTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void SameSeedGivesTheSameTrajectoryBitForBit(bool continuous)
    {
        var first = Trajectory(continuous, seed: 11);
        Assert.Equal(first, Trajectory(continuous, seed: 11));
        Assert.NotEqual(first, Trajectory(continuous, seed: 12));
    }

    private static List<double> Trajectory(bool continuous, ulong seed)
    {
        using var env = new LunarLander(continuous);
        var rng = new CounterRng(99, StreamPurpose.EnvironmentReset);
        var obs = new float[8];
        var action = new float[2];
        var values = new List<double>();
        env.Reset(seed, obs);
        values.AddRange(obs.Select(o => (double)o));
        for (int t = 0; t < 300; t++)
        {
            LanderTestKit.RandomAction(rng, action);
            var r = continuous ? env.Step(action, obs) : env.Step(rng.NextInt(4), obs);
            values.AddRange(obs.Select(o => (double)o));
            values.Add(r.Reward);
            if (r.Done) env.Reset(null, obs);
        }
        return values;
    }

    [Box2DFact]
    public void RewardIsTheChangeInShapingMinusEngineCosts()
    {
        using var env = new LunarLander();
        var rng = new CounterRng(5, StreamPurpose.EnvironmentReset);
        var obs = new float[8];
        var action = new float[2];
        int checkedSteps = 0;
        for (ulong seed = 0; seed < 3; seed++)
        {
            env.Reset(seed, obs);
            double previous = LanderTestKit.ShapingOf(obs), previousExact = env.LastReward.Shaping;
            StepResult r;
            do
            {
                LanderTestKit.RandomAction(rng, action);
                r = env.Step(action, obs);
                double shaping = LanderTestKit.ShapingOf(obs);
                var (main, side) = LanderTestKit.Throttles(action);
                var parts = env.LastReward;
                Assert.Equal(0.30 * main, parts.MainEngineCost, 1e-12);
                Assert.Equal(0.03 * side, parts.SideEngineCost, 1e-12);
                // The shaping uses the f64 state; recomputed from the f32 observation (×100 on rounding errors of about
                // 1e-7) it agrees to about 1e-5.
                Assert.Equal(shaping, parts.Shaping, 1e-4);
                Assert.Equal(parts.Shaping - previousExact, parts.ShapingDelta);
                if (!r.Terminated)
                {
                    Assert.Equal(parts.Shaping - previousExact - 0.30 * main - 0.03 * side, r.Reward, 1e-12);
                    Assert.Equal(shaping - previous - 0.30 * main - 0.03 * side, r.Reward, 2e-4);
                    checkedSteps++;
                }
                previous = shaping;
                previousExact = parts.Shaping;
            } while (!r.Done);
        }
        Assert.True(checkedSteps > 50, $"only {checkedSteps} steps checked");
    }

    [Box2DTheory]
    [InlineData(0, 0.0, 0.0)]
    [InlineData(1, 0.0, 0.03)]
    [InlineData(2, 0.30, 0.0)]
    [InlineData(3, 0.0, 0.03)]
    public void DiscreteActionsFireOneEngineAtFullPower(int action, double mainCost, double sideCost)
    {
        using var env = new LunarLander(continuous: false);
        var obs = new float[8];
        env.Reset(1, obs);
        env.Step(action, obs);
        Assert.Equal((mainCost, sideCost), (env.LastReward.MainEngineCost, env.LastReward.SideEngineCost));
    }

    [Box2DTheory]
    [InlineData(0f, 0.5f, 0.0, 0.0)]        // both at their thresholds: off (strict inequalities)
    [InlineData(0.5f, -0.75f, 0.225, 0.0225)]
    [InlineData(2f, 3f, 0.30, 0.03)]        // clipped to full power
    [InlineData(-1f, 0.51f, 0.0, 0.0153)]
    public void ContinuousThrottlesFollowTheSpec(float main, float lateral, double mainCost, double sideCost)
    {
        using var env = new LunarLander();
        var obs = new float[8];
        env.Reset(1, obs);
        env.Step([main, lateral], obs);
        Assert.Equal(mainCost, env.LastReward.MainEngineCost, 6);
        Assert.Equal(sideCost, env.LastReward.SideEngineCost, 6);
    }

    [Box2DFact]
    public void HullTouchingTheGroundCrashes()
    {
        using var env = LanderTestKit.SettledLander();
        env.SetHullState(new LanderBodyState(10, 4.5, Math.PI, 0, -4, 0));  // upside down above the pad
        var (last, steps) = LanderTestKit.CoastUntilDone(env, 100);
        Assert.True(last.Terminated);
        Assert.Equal(-100, last.Reward);
        Assert.Equal(LanderOutcome.Crashed, env.LastReward.Outcome);
        Assert.InRange(steps, 1, 30);
    }

    [Box2DTheory]
    [InlineData(19.8, 20.0)]
    [InlineData(0.2, -20.0)]
    public void LeavingTheScreenEndsTheEpisode(double x, double velocityX)
    {
        using var env = LanderTestKit.SettledLander();
        env.SetHullState(new LanderBodyState(x, 10, 0, velocityX, 0, 0));
        var obs = new float[8];
        var r = env.Step([0f, 0f], obs);
        Assert.True(r.Terminated);
        Assert.Equal(-100, r.Reward);
        Assert.Equal(LanderOutcome.OutOfBounds, env.LastReward.Outcome);
        Assert.True(Math.Abs(obs[0]) >= 1);
    }

    [Box2DTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void ALanderAtRestOnThePadSleepsAndScoresAHundred(bool continuous)
    {
        using var env = LanderTestKit.SettledLander(continuous);
        env.SetHullState(new LanderBodyState(10, LunarLander.HelipadSurfaceY + 0.65, 0, 0, 0, 0));
        var (last, steps) = LanderTestKit.CoastUntilDone(env, 300);
        Assert.True(last.Terminated);
        Assert.Equal(100, last.Reward);
        Assert.Equal(LanderOutcome.AtRest, env.LastReward.Outcome);
        Assert.False(env.IsAwake);
        Assert.True(env.LegContact(0) && env.LegContact(1));
        Assert.InRange(steps, 25, 300);  // sleeping needs 0.5 s = 25 steps of stillness
    }

    [Box2DFact]
    public void AHoveringLanderIsTruncatedAtStepThousand()
    {
        using var env = EnvironmentRegistry.Make("LunarLanderContinuous-v3");
        var hover = new PdLanderController(new PdLanderController.Gains(DescentPerHeight: 0, MinDescent: -0.02));
        var obs = new float[8];
        var action = new float[2];
        env.Reset(4, obs);
        ((LunarLander)env).SetHullState(new LanderBodyState(10, 9, 0, 0, 0, 0));
        env.Observe(obs);
        StepResult r;
        do
        {
            hover.Act(obs, action);
            r = env.Step(action, obs);
        } while (!r.Done);
        Assert.Equal(1000, env.ElapsedSteps);
        Assert.True(r.Truncated);
        Assert.False(r.Terminated);
        Assert.Throws<InvalidOperationException>(() => env.Step(action, obs));
    }

    [Box2DFact]
    public void SettingAStateReportsItBackAndCarriesTheLegs()
    {
        using var env = LanderTestKit.SettledLander();
        var target = new LanderBodyState(6, 8, 0.3, 1.5, -2, 0.4);
        env.SetHullState(target);
        var hull = env.Hull;
        Assert.Equal(target.X, hull.X, 1e-5);
        Assert.Equal(target.Y, hull.Y, 1e-5);
        Assert.Equal(target.Angle, hull.Angle, 1e-5);
        Assert.Equal(target.VelocityX, hull.VelocityX, 1e-5);
        Assert.Equal(target.AngularVelocity, hull.AngularVelocity, 1e-5);
        // The legs moved with the hull: one step later the assembly is still intact (no joint snap).
        var obs = new float[8];
        env.Step([0f, 0f], obs);
        Assert.Equal(target.AngularVelocity, env.Hull.AngularVelocity, 0.05);
        Assert.Equal(target.VelocityX, env.Hull.VelocityX, 0.05);
        // Engines off, in the air: gravity (0, −10) over one world step of 1/50 s takes 0.2 m/s off the fall; the legs'
        // joints and motors take back a few mm/s of it (measured: 0.193).
        Assert.Equal(target.VelocityY - 10.0 / 50, env.Hull.VelocityY, 0.01);
    }

    [Box2DFact]
    public void SteppingAllocatesNothing()
    {
        using var env = new LunarLander();
        var obs = new float[8];
        var action = new float[] { 0.6f, -0.8f };
        env.Reset(2, obs);
        env.Step(action, obs);  // warm-up: JIT and first-call marshalling stubs
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 50; t++) env.Step(action, obs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
