using Itt.Environments.MuJoCo.DmControl;
using Itt.Environments.MuJoCo.Physics;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>dm_control tasks against docs/environments.md 5.x: spaces, legacy step order, rewards by hand, episode starts.</summary>
public sealed class DmControlTaskTests
{
    [MuJoCoTheory]
    [InlineData("swimmer-swimmer6", 25, 5, 0.03)]
    [InlineData("swimmer-swimmer15", 61, 14, 0.03)]
    [InlineData("fish-swim", 24, 5, 0.04)]
    [InlineData("hopper-stand", 15, 4, 0.02)]
    [InlineData("walker-walk", 24, 6, 0.025)]
    public void Spaces_limits_and_control_timestep(string id, int observation, int action, double controlTimestep)
    {
        using var env = (DmControlEnvironment)MuJoCoTestSupport.Make(id);
        Assert.Equal(observation, env.ObservationSpace.Dimension);
        var box = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(action, box.Dimension);
        Assert.All(box.Low, l => Assert.Equal(-1f, l));
        Assert.All(box.High, h => Assert.Equal(1f, h));
        Assert.Equal(1000, env.MaxEpisodeSteps);
        Assert.Equal(controlTimestep, env.ControlTimestep, 12);
        var spec = EnvironmentRegistry.Get(id);
        Assert.Null(spec.RewardThreshold);
        Assert.Equal("dm_control", spec.Family);
    }

    [MuJoCoFact]
    public void Episodes_never_terminate_and_are_truncated_at_step_1000()
    {
        using var env = MuJoCoTestSupport.Make("hopper-stand");
        var obs = new float[15];
        var action = new float[4];
        env.Reset(1, obs);
        for (int step = 1; step <= 1000; step++)
        {
            MuJoCoTestSupport.FillAction(action, step);
            var result = env.Step(action, obs);
            Assert.False(result.Terminated);
            Assert.Equal(step == 1000, result.Truncated);
            Assert.InRange(result.Reward, 0, 1);
        }
    }

    /// <summary>The legacy step ends with mj_step1: poses and position/velocity sensors describe the final state.</summary>
    [MuJoCoFact]
    public void After_a_step_poses_and_velocity_sensors_describe_the_final_state()
    {
        using var env = new DmWalker();
        var obs = new float[24];
        env.Reset(3, obs);
        env.Step([0.5f, -0.5f, 0.2f, 0.1f, -0.3f, 0.4f], obs);
        using var check = new MuJoCoSimulation(env.Model);
        env.Qpos.CopyTo(check.Qpos);
        env.Qvel.CopyTo(check.Qvel);
        check.Forward();
        Assert.Equal(check.Xpos.ToArray(), env.Simulation.Xpos.ToArray());
        Assert.Equal(check.Xmat.ToArray(), env.Simulation.Xmat.ToArray());
        Assert.Equal(check.SensorData[0], env.Simulation.SensorData[0], 12);
    }

    [MuJoCoTheory]
    [InlineData(6)]
    [InlineData(15)]
    public void Swimmer_reset_draws_within_the_ranges(int n)
    {
        using var env = new DmSwimmer(n);
        var obs = new float[4 * n + 1];
        for (ulong seed = 0; seed < 20; seed++)
        {
            env.Reset(seed, obs);
            Assert.Equal(0, env.Qpos[0]);
            Assert.Equal(0, env.Qpos[1]);
            Assert.InRange(env.Qpos[2], -Math.PI, Math.PI);
            for (int j = 3; j < n + 2; j++) Assert.InRange(env.Qpos[j], -2 * Math.PI / n, 2 * Math.PI / n);
            Assert.All(env.Qvel.ToArray(), v => Assert.Equal(0, v));
            var (tx, ty) = env.Target;
            Assert.InRange(tx, -2, 2);
            Assert.InRange(ty, -2, 2);
        }
    }

    [MuJoCoFact]
    public void Swimmer_observation_and_reward_by_hand()
    {
        using var env = new DmSwimmer(6);
        var obs = new float[25];
        env.Reset(7, obs);
        env.Target = (0.8, -1.1);
        env.Step([0.3f, -0.2f, 1f, -1f, 0.5f], obs);

        var model = env.Model;
        var sim = env.Simulation;
        int nose = model.GeomId("nose"), target = model.GeomId("target"), head = model.BodyId("head");
        double[] v = [.. Enumerable.Range(0, 3).Select(k => sim.GeomXpos[3 * target + k] - sim.GeomXpos[3 * nose + k])];
        var r = sim.Xmat.Slice(9 * head, 9);
        double x = r[0] * v[0] + r[3] * v[1] + r[6] * v[2];
        double y = r[1] * v[0] + r[4] * v[1] + r[7] * v[2];
        double distance = Math.Sqrt(x * x + y * y);
        double expected = distance <= 0.1 ? 1 : 1 / (Math.Pow((distance - 0.1) / 0.5 * 3, 2) + 1);
        Assert.Equal(expected, env.Reward(), 12);

        double[] exact = new double[25];
        env.ObserveExact(exact);
        for (int j = 0; j < 5; j++) Assert.Equal(env.Qpos[3 + j], exact[j]);
        Assert.Equal(x, exact[5], 12);
        Assert.Equal(y, exact[6], 12);
        for (int b = 0; b < 6; b++)
        {
            Assert.Equal(sim.SensorData[12 + 6 * b], exact[7 + 3 * b]);
            Assert.Equal(sim.SensorData[12 + 6 * b + 1], exact[7 + 3 * b + 1]);
            Assert.Equal(sim.SensorData[12 + 6 * b + 5], exact[7 + 3 * b + 2]);
        }
    }

    [MuJoCoFact]
    public void Swimmer_reward_is_1_with_the_nose_in_the_target()
    {
        using var env = new DmSwimmer(6);
        var obs = new float[25];
        env.Reset(1, obs);
        int nose = env.Model.GeomId("nose");
        env.Target = (env.Simulation.GeomXpos[3 * nose], env.Simulation.GeomXpos[3 * nose + 1]);
        Assert.Equal(1.0, env.Reward());
    }

    [MuJoCoFact]
    public void Fish_reset_observation_and_reward_by_hand()
    {
        using var env = new DmFish();
        var obs = new float[24];
        env.Reset(5, obs);
        var q = env.Qpos;
        Assert.Equal(1.0, q[3] * q[3] + q[4] * q[4] + q[5] * q[5] + q[6] * q[6], 12);
        for (int j = 7; j < 14; j++) Assert.InRange(q[j], -0.2, 0.2);
        var (tx, ty, tz) = env.Target;
        Assert.InRange(tx, -0.4, 0.4);
        Assert.InRange(ty, -0.4, 0.4);
        Assert.InRange(tz, 0.1, 0.3);

        env.Step([0.5f, -0.5f, 1f, 0.2f, -0.2f], obs);
        var sim = env.Simulation;
        int mouth = env.Model.GeomId("mouth"), target = env.Model.GeomId("target"), torso = env.Model.BodyId("torso");
        double[] v = [.. Enumerable.Range(0, 3).Select(k => sim.GeomXpos[3 * target + k] - sim.GeomXpos[3 * mouth + k])];
        double[] r = sim.GeomXmat.Slice(9 * mouth, 9).ToArray();
        double[] local = [.. Enumerable.Range(0, 3).Select(c => r[c] * v[0] + r[3 + c] * v[1] + r[6 + c] * v[2])];
        double distance = Math.Sqrt(local.Sum(l => l * l));
        double inTarget = distance <= 0.045 ? 1 : Math.Exp(-0.5 * Math.Pow((distance - 0.045) / 0.09 * 2.145966026289347, 2));
        double upright = sim.Xmat[9 * torso + 8];
        Assert.Equal((7 * inTarget + 0.5 * (upright + 1)) / 8, env.Reward(), 12);

        double[] exact = new double[24];
        env.ObserveExact(exact);
        for (int j = 0; j < 7; j++) Assert.Equal(env.Qpos[7 + j], exact[j]);
        Assert.Equal(upright, exact[7]);
        for (int k = 0; k < 3; k++) Assert.Equal(local[k], exact[8 + k], 12);
        for (int k = 0; k < 13; k++) Assert.Equal(env.Qvel[k], exact[11 + k]);
    }

    [MuJoCoFact]
    public void Fish_reward_is_1_at_the_target_when_upright()
    {
        using var env = new DmFish();
        var obs = new float[24];
        env.Reset(2, obs);
        double[] qpos = new double[14];
        qpos[2] = 0.1;
        qpos[3] = 1; // upright, identity orientation
        env.SetState(qpos, new double[13]);
        int mouth = env.Model.GeomId("mouth");
        var m = env.Simulation.GeomXpos;
        env.Target = (m[3 * mouth], m[3 * mouth + 1], m[3 * mouth + 2]);
        Assert.Equal(1.0, env.Reward(), 12);
    }

    [MuJoCoFact]
    public void Hopper_reset_observation_and_reward_by_hand()
    {
        using var env = new DmHopper();
        var obs = new float[15];
        env.Reset(9, obs);
        var q = env.Qpos;
        Assert.Equal(0, q[0]);
        Assert.Equal(0, q[1]);
        Assert.InRange(q[2], -Math.PI, Math.PI);
        Assert.InRange(q[5], 5 * Math.PI / 180, 150 * Math.PI / 180); // knee range excludes 0

        // Upright and standing: joints at rest inside their ranges, torso high above the foot.
        env.SetState([0, 0, 0, 0, 0, 0.1, 0], new double[7]);
        float[] action = [0.5f, -0.5f, 0.25f, 2f];
        env.Step(action, obs);
        var sim = env.Simulation;
        int torso = env.Model.BodyId("torso"), foot = env.Model.BodyId("foot");
        double height = sim.Xipos[3 * torso + 2] - sim.Xipos[3 * foot + 2];
        double standing = height >= 0.6 && height <= 2.0 ? 1 : 0;
        double small = (action.Average(c => Math.Abs(c) < 1 ? 1 - (double)c * c : 0) + 4) / 5;
        Assert.Equal(1.0, standing);
        Assert.Equal(standing * small, env.Reward(), 12);

        double[] exact = new double[15];
        env.ObserveExact(exact);
        for (int j = 0; j < 6; j++) Assert.Equal(env.Qpos[1 + j], exact[j]);
        for (int j = 0; j < 7; j++) Assert.Equal(env.Qvel[j], exact[6 + j]);
        Assert.Equal(Math.Log(1 + sim.SensorData[3]), exact[13]);
        Assert.Equal(Math.Log(1 + sim.SensorData[4]), exact[14]);
    }

    [MuJoCoFact]
    public void Hopper_touch_sensors_read_the_ground_contact()
    {
        using var env = new DmHopper();
        var obs = new float[15];
        env.Reset(1, obs);
        // Stand the hopper on its foot (foot bottom at z = 1 − 0.05 − 0.2 − 0.33 − 0.32 − 0.04 ≈ 0.06 above the floor).
        env.SetState([0, -0.07, 0, 0, 0, 0.1, 0], new double[7]);
        var zero = new float[4];
        for (int i = 0; i < 20; i++) env.Step(zero, obs);
        Assert.True(obs[13] > 0 || obs[14] > 0, "a foot resting on the floor should touch it");
    }

    [MuJoCoFact]
    public void Walker_reset_observation_and_reward_by_hand()
    {
        using var env = new DmWalker();
        var obs = new float[24];
        env.Reset(4, obs);
        Assert.Equal(0, env.Qpos[0]);
        Assert.Equal(0, env.Qpos[1]);
        Assert.InRange(env.Qpos[3], -20 * Math.PI / 180, 100 * Math.PI / 180);

        env.SetState(new double[9], [0, 0.6, 0, 0, 0, 0, 0, 0, 0]);
        env.Step([0.1f, 0.2f, -0.1f, 0f, 0.3f, -0.3f], obs);
        var sim = env.Simulation;
        int torso = env.Model.BodyId("torso");
        double h = sim.Xpos[3 * torso + 2];
        double standing = h >= 1.2 ? 1 : Math.Exp(-0.5 * Math.Pow((1.2 - h) / 0.6 * 2.145966026289347, 2));
        double upright = (1 + sim.Xmat[9 * torso + 8]) / 2;
        double vx = sim.SensorData[0];
        double move = Math.Clamp(vx, 0, 1);
        double expected = (3 * standing + upright) / 4 * (5 * move + 1) / 6;
        Assert.Equal(expected, env.Reward(), 12);
        Assert.InRange(vx, 0.1, 1); // moving forward but slower than 1 m/s: the linear part of move

        double[] exact = new double[24];
        env.ObserveExact(exact);
        for (int b = 1; b <= 7; b++)
        {
            Assert.Equal(sim.Xmat[9 * b], exact[2 * (b - 1)]);
            Assert.Equal(sim.Xmat[9 * b + 2], exact[2 * (b - 1) + 1]);
        }
        Assert.Equal(h, exact[14]);
        for (int j = 0; j < 9; j++) Assert.Equal(env.Qvel[j], exact[15 + j]);
    }

    /// <summary>dm_control raises PhysicsError when MuJoCo warns (here: a non-finite velocity, "bad qacc").</summary>
    [MuJoCoFact]
    public void A_MuJoCo_warning_during_a_step_raises_a_physics_exception()
    {
        using var env = new DmWalker();
        var obs = new float[24];
        env.Reset(1, obs);
        var qvel = new double[9];
        qvel[3] = double.NaN;
        env.SetState(new double[9], qvel);
        Assert.Throws<MuJoCoPhysicsException>(() => env.Step(new float[6], obs));
        Assert.False(File.Exists("MUJOCO_LOG.TXT"), "warnings go to standard error, not to a log file");
        env.Reset(2, obs); // mj_resetData clears the warning counters
        Assert.Equal(0, env.Simulation.WarningCount);
        env.Step(new float[6], obs);
    }

    [MuJoCoFact]
    public void Tolerance_matches_the_spec_constants()
    {
        Assert.Equal(1.0, Tolerance.Of(0.5, 0, 1));
        Assert.Equal(0.0, Tolerance.Of(1.5, 0, 1));
        Assert.Equal(0.1, Tolerance.Of(2, 0, 1, margin: 1), 12);
        Assert.Equal(0.1, Tolerance.Of(2, 0, 1, margin: 1, Sigmoid.LongTail), 12);
        Assert.Equal(0.5, Tolerance.Of(0.5, 1, double.PositiveInfinity, margin: 0.5, Sigmoid.Linear, 0.5), 12);
        Assert.Equal(0.75, Tolerance.Of(0.5, 0, 0, margin: 1, Sigmoid.Quadratic, 0), 12);
        Assert.Equal(0.0, Tolerance.Of(1.5, 0, 0, margin: 1, Sigmoid.Quadratic, 0));
    }
}
