using Itt.Environments.MuJoCo.Gym;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>Gymnasium MuJoCo v4 tasks against docs/environments.md 4.x: spaces, rewards and termination recomputed by hand, resets.</summary>
public sealed class GymTaskTests
{
    [MuJoCoTheory]
    [InlineData("Hopper-v4", 11, 3, 1f, 3800.0)]
    [InlineData("Walker2d-v4", 17, 6, 1f, null)]
    [InlineData("HalfCheetah-v4", 17, 6, 1f, 4800.0)]
    [InlineData("Swimmer-v4", 8, 2, 1f, 360.0)]
    [InlineData("InvertedPendulum-v4", 4, 1, 3f, 950.0)]
    public void Spaces_limits_and_thresholds(string id, int observation, int action, float bound, double? threshold)
    {
        using var env = MuJoCoTestSupport.Make(id);
        Assert.Equal(observation, env.ObservationSpace.Dimension);
        var box = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(action, box.Dimension);
        Assert.All(box.Low, l => Assert.Equal(-bound, l));
        Assert.All(box.High, h => Assert.Equal(bound, h));
        Assert.Equal(1000, env.MaxEpisodeSteps);
        var spec = EnvironmentRegistry.Get(id);
        Assert.Equal(threshold, spec.RewardThreshold);
        Assert.Equal("mujoco", spec.Family);
    }

    [MuJoCoTheory]
    [InlineData("Hopper-v4", 0.008)]
    [InlineData("Walker2d-v4", 0.008)]
    [InlineData("HalfCheetah-v4", 0.05)]
    [InlineData("Swimmer-v4", 0.04)]
    [InlineData("InvertedPendulum-v4", 0.04)]
    public void Dt_is_timestep_times_frame_skip(string id, double dt)
    {
        using var env = (GymMuJoCoEnvironment)MuJoCoTestSupport.Make(id);
        Assert.Equal(dt, env.Dt, 15);
    }

    [MuJoCoFact]
    public void Hopper_reward_terms_and_observation_recomputed_by_hand()
    {
        using var env = new Hopper();
        Span<float> obs = stackalloc float[11];
        env.Reset(3, obs);
        env.SetState([0.1, 1.25, 0.01, -0.1, -0.2, 0.05], [0.5, -0.2, 0.3, 12.0, -15.0, 0.1]);
        float[] action = [0.5f, -0.3f, 2.0f]; // 2.0 is outside the box: clamped physically, penalised in full
        double xBefore = env.Qpos[0];
        var result = env.Step(action, obs);
        double xVelocity = (env.Qpos[0] - xBefore) / 0.008;
        double controlCost = 0.001 * (0.25 + (double)0.3f * 0.3f + 4.0);
        Assert.Equal(xVelocity, env.LastForwardReward, 12);
        Assert.Equal(controlCost, env.LastControlCost, 12);
        Assert.Equal(1.0, env.LastHealthyReward);
        Assert.Equal(xVelocity + 1.0 - controlCost, result.Reward, 12);
        Assert.Equal(2.0, env.Simulation.Ctrl[2]); // ctrl keeps the raw value
        Assert.Equal(!HopperHealthy(env.Qpos, env.Qvel), result.Terminated);

        double[] exact = new double[11];
        env.ObserveExact(exact);
        for (int i = 0; i < 5; i++) Assert.Equal(env.Qpos[i + 1], exact[i]);
        for (int i = 0; i < 6; i++) Assert.Equal(Math.Clamp(env.Qvel[i], -10, 10), exact[5 + i]);
        for (int i = 0; i < 11; i++) Assert.Equal((float)exact[i], obs[i]);
    }

    [MuJoCoFact]
    public void Hopper_observation_clips_velocities_at_10()
    {
        using var env = new Hopper();
        Span<float> obs = stackalloc float[11];
        env.Reset(1, obs);
        env.SetState([0, 1.25, 0, 0, 0, 0], [20, -30, 0, 0, 0, 0]);
        env.Observe(obs);
        Assert.Equal(10f, obs[5]);
        Assert.Equal(-10f, obs[6]);
    }

    [MuJoCoTheory]
    [InlineData(0.6, 0.0, true)]   // too low
    [InlineData(1.25, 0.25, true)] // too tilted
    [InlineData(1.25, -0.25, true)]
    [InlineData(1.25, 0.0, false)]
    public void Hopper_terminates_when_unhealthy_and_still_pays_the_healthy_reward(double height, double pitch, bool terminated)
    {
        using var env = new Hopper();
        Span<float> obs = stackalloc float[11];
        env.Reset(1, obs);
        env.SetState([0, height, pitch, 0, 0, 0], [0, 0, 0, 0, 0, 0]);
        var result = env.Step([0f, 0f, 0f], obs);
        Assert.Equal(terminated, result.Terminated);
        Assert.Equal(terminated, !HopperHealthy(env.Qpos, env.Qvel));
        Assert.Equal(1.0, env.LastHealthyReward);
    }

    [MuJoCoFact]
    public void Hopper_is_unhealthy_when_a_state_component_reaches_100()
    {
        using var env = new Hopper();
        Span<float> obs = stackalloc float[11];
        env.Reset(1, obs);
        env.SetState([0, 1.25, 0, 0, 0, 0], [0, 0, 0, 150, 0, 0]);
        Assert.False(env.IsHealthy);
        env.SetState([0, 1.25, 0, 0, 0, 0], [150, 0, 0, 0, 0, 0]);
        Assert.False(env.IsHealthy);
    }

    [MuJoCoTheory]
    [InlineData(0.75, 0.0, true)]
    [InlineData(2.05, 0.0, true)]
    [InlineData(1.25, 1.05, true)]
    [InlineData(1.25, -1.05, true)]
    [InlineData(1.25, 0.5, false)]
    public void Walker2d_health_bounds_and_reward(double height, double pitch, bool terminated)
    {
        using var env = new Walker2d();
        Span<float> obs = stackalloc float[17];
        env.Reset(2, obs);
        env.SetState([0.2, height, pitch, -0.1, -0.1, 0, -0.2, -0.1, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0]);
        float[] action = [0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f];
        double xBefore = env.Qpos[0];
        var result = env.Step(action, obs);
        double[] q = env.Qpos.ToArray();
        bool healthy = q[1] > 0.8 && q[1] < 2.0 && q[2] > -1 && q[2] < 1;
        Assert.Equal(!healthy, result.Terminated);
        Assert.Equal(terminated, result.Terminated);
        double cost = 0.001 * action.Sum(a => (double)a * a);
        Assert.Equal((env.Qpos[0] - xBefore) / 0.008 + 1.0 - cost, result.Reward, 12);
    }

    [MuJoCoFact]
    public void HalfCheetah_reward_never_terminates_and_does_not_clip()
    {
        using var env = new HalfCheetah();
        Span<float> obs = stackalloc float[17];
        env.Reset(4, obs);
        env.SetState(new double[9], [25, 0, 0, 0, 0, 0, 0, 0, 0]);
        env.Observe(obs);
        Assert.Equal(25f, obs[8]);
        float[] action = [1.5f, -1f, 0.5f, 0f, -0.5f, 1f];
        for (int step = 0; step < 20; step++)
        {
            double xBefore = env.Qpos[0];
            var result = env.Step(action, obs);
            double cost = 0.1 * action.Sum(a => (double)a * a);
            Assert.Equal((env.Qpos[0] - xBefore) / 0.05 - cost, result.Reward, 12);
            Assert.Equal(cost, env.LastControlCost, 12);
            Assert.False(result.Terminated);
        }
    }

    [MuJoCoFact]
    public void Swimmer_reward_uses_the_torso_frame_x_and_a_tiny_control_cost()
    {
        using var env = new Swimmer();
        Span<float> obs = stackalloc float[8];
        env.Reset(5, obs);
        float[] action = [1f, -1f];
        for (int step = 0; step < 30; step++)
        {
            double xBefore = env.Qpos[0], yBefore = env.Qpos[1];
            var result = env.Step(action, obs);
            Assert.Equal((env.Qpos[0] - xBefore) / 0.04 - 0.0001 * 2, result.Reward, 12);
            Assert.Equal((env.Qpos[1] - yBefore) / 0.04, env.LastYVelocity, 12);
            Assert.False(result.Terminated);
        }
        double[] exact = new double[8];
        env.ObserveExact(exact);
        Assert.Equal(env.Qpos[2..].ToArray().Concat(env.Qvel.ToArray()), exact);
    }

    [MuJoCoTheory]
    [InlineData(0.1, false)]
    [InlineData(0.3, true)]
    [InlineData(-0.3, true)]
    public void InvertedPendulum_pays_1_and_terminates_past_0_2_rad(double angle, bool terminated)
    {
        using var env = new InvertedPendulum();
        Span<float> obs = stackalloc float[4];
        env.Reset(6, obs);
        env.SetState([0, angle], [0, 0]);
        var result = env.Step([0f], obs);
        Assert.Equal(1.0, result.Reward);
        Assert.Equal(Math.Abs(env.Qpos[1]) > 0.2, result.Terminated);
        Assert.Equal(terminated, result.Terminated);
        Assert.Equal([(float)env.Qpos[0], (float)env.Qpos[1], (float)env.Qvel[0], (float)env.Qvel[1]], obs.ToArray());
    }

    [MuJoCoTheory]
    [InlineData("Hopper-v4", 0.005)]
    [InlineData("Walker2d-v4", 0.005)]
    [InlineData("Swimmer-v4", 0.1)]
    [InlineData("InvertedPendulum-v4", 0.01)]
    public void Reset_noise_is_uniform_within_the_scale(string id, double scale)
    {
        using var env = (GymMuJoCoEnvironment)MuJoCoTestSupport.Make(id);
        var obs = new float[env.ObservationSpace.Dimension];
        double[] qpos0 = env.Model.Qpos0.ToArray();
        var noise = new List<double>();
        for (ulong seed = 0; seed < 60; seed++)
        {
            env.Reset(seed, obs);
            for (int i = 0; i < qpos0.Length; i++)
            {
                double d = env.Qpos[i] - qpos0[i];
                Assert.True(Math.Abs(d) <= scale, $"qpos[{i}] moved {d}");
                noise.Add(d);
            }
            foreach (double v in env.Qvel) Assert.True(Math.Abs(v) <= scale);
            noise.AddRange(env.Qvel.ToArray());
        }
        Distributions.AssertUniform(noise, -scale, scale);
    }

    [MuJoCoFact]
    public void HalfCheetah_reset_velocities_are_gaussian_with_scale_0_1()
    {
        using var env = new HalfCheetah();
        var obs = new float[17];
        var velocities = new List<double>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            env.Reset(seed, obs);
            foreach (double q in env.Qpos) Assert.True(Math.Abs(q) <= 0.1);
            velocities.AddRange(env.Qvel.ToArray());
        }
        double std = Math.Sqrt(velocities.Average(v => v * v));
        Assert.InRange(std, 0.08, 0.12);
        Assert.Contains(velocities, v => Math.Abs(v) > 0.1); // not a uniform ±0.1 draw
    }

    private static bool HopperHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        for (int i = 2; i < 6; i++) if (!(Math.Abs(qpos[i]) < 100)) return false;
        foreach (double v in qvel) if (!(Math.Abs(v) < 100)) return false;
        return qpos[1] > 0.7 && Math.Abs(qpos[2]) < 0.2;
    }
}
