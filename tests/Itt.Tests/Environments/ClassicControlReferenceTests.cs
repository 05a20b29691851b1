using Itt.Environments.ClassicControl;
using Itt.Environments.Registry;

namespace Itt.Tests.Environments;

/// <summary>
/// Transitions checked against the reference values of the specification (§6.3), produced by the original code:
/// observations printed to 9 significant digits identify a float32 exactly, so they are compared for equality.
/// </summary>
public class ClassicControlReferenceTests
{
    private static T Make<T>(string id) where T : Itt.Environments.Env => (T)EnvironmentRegistry.Make(id);

    private static void AssertObservation(float[] expected, float[] actual)
        => Assert.Equal(expected, actual);

    [Fact]
    public void CartPoleMatchesReferenceTransitions()
    {
        var env = Make<CartPole>("CartPole-v1");
        var obs = new float[4];
        env.Reset(0, obs);
        env.State = new CartPole.PhysicalState(0.01, -0.02, 0.03, -0.04);
        (int Action, float[] Obs)[] expected =
        [
            (1, [0.00960000046f, 0.17467919f, 0.0292000007f, -0.323068708f]),
            (1, [0.0130935842f, 0.369373441f, 0.0227386262f, -0.60640204f]),
            (0, [0.0204810519f, 0.173941046f, 0.0106105851f, -0.306644619f]),
            (1, [0.0239598732f, 0.368910193f, 0.00447769277f, -0.595962465f]),
            (0, [0.031338077f, 0.173725873f, -0.00744155608f, -0.301872462f]),
        ];
        foreach (var (action, want) in expected)
        {
            var r = env.Step(action, obs);
            AssertObservation(want, obs);
            Assert.Equal(1.0, r.Reward);
            Assert.False(r.Terminated);
        }
    }

    [Fact]
    public void CartPoleTerminatesStrictlyBeyondTheThresholds()
    {
        var env = Make<CartPole>("CartPole-v1");
        var obs = new float[4];
        env.Reset(0, obs);
        // x' = x + τ·ẋ: from x = 2.39 with ẋ = 1, x' = 2.41 > 2.4 → terminated, reward still 1.
        env.State = new CartPole.PhysicalState(2.39, 1.0, 0, 0);
        var r = env.Step(1, obs);
        Assert.True(r.Terminated);
        Assert.Equal(1.0, r.Reward);
        // From x = 2.37 with ẋ = 1, x' = 2.39 → not terminated.
        env.Reset(0, obs);
        env.State = new CartPole.PhysicalState(2.37, 1.0, 0, 0);
        Assert.False(env.Step(1, obs).Terminated);
        // θ' = θ + τ·θ̇ crosses 12°: θ = 0.2, θ̇ = 1 → 0.22 > 0.2094 (terminated); θ̇ = 0.4 → 0.208 (not).
        env.Reset(0, obs);
        env.State = new CartPole.PhysicalState(0, 0, 0.2, 1.0);
        Assert.True(env.Step(0, obs).Terminated);
        env.Reset(0, obs);
        env.State = new CartPole.PhysicalState(0, 0, 0.2, 0.4);
        Assert.False(env.Step(0, obs).Terminated);
    }

    [Fact]
    public void MountainCarMatchesReferenceTransitionsIncludingTheLeftWall()
    {
        var env = Make<MountainCar>("MountainCar-v0");
        var obs = new float[2];
        env.Reset(0, obs);
        env.State = new MountainCar.PhysicalState(-0.5, 0.0);
        (int, float[])[] expected =
        [
            (2, [-0.49917683f, 0.000823157025f]),
            (2, [-0.497536689f, 0.00164015638f]),
            (0, [-0.4970918f, 0.000444889738f]),
            (1, [-0.496845514f, 0.00024629687f]),
        ];
        foreach (var (action, want) in expected)
        {
            var r = env.Step(action, obs);
            AssertObservation(want, obs);
            Assert.Equal(-1.0, r.Reward);
        }
        env.State = new MountainCar.PhysicalState(-1.19, -0.02);
        env.Step(0, obs);
        Assert.Equal(new[] { -1.2f, 0f }, obs);
        Assert.Equal(-1.2, env.State.Position);
        Assert.Equal(0.0, env.State.Velocity);
    }

    [Fact]
    public void MountainCarClipsVelocityAndTerminatesAtTheGoal()
    {
        var env = Make<MountainCar>("MountainCar-v0");
        var obs = new float[2];
        env.Reset(0, obs);
        // v' = 0.0699 + 0.001 − 0.0025·cos(0) = 0.0684 (no clip); from v = 0.0715: 0.0700 → exactly the cap.
        env.State = new MountainCar.PhysicalState(0.0, 0.0699);
        env.Step(2, obs);
        Assert.Equal(0.0699 + 0.001 - 0.0025, env.State.Velocity, 15);
        env.State = new MountainCar.PhysicalState(0.0, 0.0719);
        env.Step(2, obs);
        Assert.Equal(0.07, env.State.Velocity); // 0.0719 + 0.001 − 0.0025 = 0.0704 → clipped
        env.Reset(0, obs);
        env.State = new MountainCar.PhysicalState(0.45, 0.06);
        var r = env.Step(2, obs);
        Assert.True(env.State.Position >= 0.5);
        Assert.True(r.Terminated);
        Assert.Equal(-1.0, r.Reward);
    }

    [Fact]
    public void MountainCarContinuousMatchesReferenceTransitions()
    {
        var env = Make<MountainCar>("MountainCarContinuous-v0");
        var obs = new float[2];
        env.Reset(0, obs);
        env.State = new MountainCar.PhysicalState(-0.5, 0.01);
        (float, float[], double)[] expected =
        [
            (0.7f, [-0.489126831f, 0.0108731566f], -0.048999998331069966),
            (1.5f, [-0.47701174f, 0.012115078f], -0.225), // force clipped to 1, penalty on 1.5
            (-0.3f, [-0.465694934f, 0.0113168117f], -0.009000000715255752),
        ];
        foreach (var (action, want, reward) in expected)
        {
            var r = env.Step([action], obs);
            AssertObservation(want, obs);
            Assert.Equal(reward, r.Reward, 15);
        }
        env.Reset(0, obs);
        env.State = new MountainCar.PhysicalState(0.44, 0.02);
        var last = env.Step([1.0f], obs);
        AssertObservation([0.460879564f, 0.0208795611f], obs);
        Assert.True(last.Terminated);
        Assert.Equal(99.9, last.Reward, 12);
    }

    [Fact]
    public void AcrobotMatchesReferenceTransitions()
    {
        var env = Make<Acrobot>("Acrobot-v1");
        var obs = new float[6];
        env.Reset(0, obs);
        env.State = new Acrobot.PhysicalState(0.1, -0.05, 0.2, -0.1);
        (int, float[])[] expected =
        [
            (2, [0.99374336f, 0.111687861f, 0.999811113f, -0.0194350239f, -0.0818867907f, 0.40154919f]),
            (0, [0.995388448f, 0.0959260464f, 0.999368906f, 0.0355212912f, -0.0717691779f, 0.136451125f]),
            (1, [0.997445881f, 0.0714265034f, 0.99778384f, 0.0665385276f, -0.168075264f, 0.164883643f]),
        ];
        foreach (var (action, want) in expected)
        {
            var r = env.Step(action, obs);
            AssertObservation(want, obs);
            Assert.Equal(-1.0, r.Reward);
        }
    }

    [Fact]
    public void AcrobotWrapsAnglesClampsVelocitiesAndTerminatesAboveTheBar()
    {
        var env = Make<Acrobot>("Acrobot-v1");
        var obs = new float[6];
        env.Reset(0, obs);
        // The dynamics are 2π-periodic in θ1, so starting from θ1 and θ1 − 2π must give the same wrapped state.
        env.State = new Acrobot.PhysicalState(Math.PI - 0.01, 0.0, 1.0, 0.0);
        env.Step(1, obs);
        var a = env.State;
        env.State = new Acrobot.PhysicalState(Math.PI - 0.01 - 2 * Math.PI, 0.0, 1.0, 0.0);
        env.Step(1, obs);
        var b = env.State;
        Assert.InRange(a.Theta1, -Math.PI, Math.PI);
        Assert.True(a.Theta1 < 0, "θ1 crossed π and must be wrapped to the negative side");
        Assert.Equal(a.Theta1, b.Theta1, 9);
        // ω2 at 9π with a push keeps to the clamp.
        env.State = new Acrobot.PhysicalState(0, 0, 0, 9 * Math.PI);
        env.Step(2, obs);
        Assert.InRange(env.State.Omega2, -9 * Math.PI, 9 * Math.PI);
        Assert.InRange(env.State.Omega1, -4 * Math.PI, 4 * Math.PI);
        // Both links pointing up: −cos θ1 − cos(θ1 + θ2) = 2 > 1 after a tiny step → terminated with reward 0.
        env.Reset(0, obs);
        env.State = new Acrobot.PhysicalState(Math.PI, 0, 0, 0);
        var r = env.Step(1, obs);
        Assert.True(r.Terminated);
        Assert.Equal(0.0, r.Reward);
    }

    [Fact]
    public void PendulumMatchesReferenceTransitions()
    {
        var env = Make<Pendulum>("Pendulum-v1");
        var obs = new float[3];
        env.Reset(0, obs);
        env.State = new Pendulum.PhysicalState(1.0, 0.5);
        (float, float[], double)[] expected =
        [
            (1.5f, [0.482048392f, 0.876144588f, 1.35610318f], -1.02725),
            (3.0f, [0.377718091f, 0.925920665f, 2.31321168f], -1.3281094632207342), // clipped to 2
            (-2.0f, [0.249290898f, 0.968428671f, 2.70765209f], -1.9396860032671461),
        ];
        foreach (var (action, want, reward) in expected)
        {
            var r = env.Step([action], obs);
            AssertObservation(want, obs);
            Assert.Equal(reward, r.Reward, 12);
            Assert.False(r.Terminated);
        }
        env.State = new Pendulum.PhysicalState(3.5, 7.9); // velocity clip at 8 and angle normalisation in the cost
        var last = env.Step([2.0f], obs);
        AssertObservation([-0.728098154f, -0.685472906f, 7.93691254f], obs);
        Assert.Equal(-13.991120454100328, last.Reward, 12);
    }
}
