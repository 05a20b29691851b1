using Itt.Core.Random;
using Itt.Environments.ClassicControl;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;

namespace Itt.Tests.Environments;

public class EnvironmentContractTests
{
    public static TheoryData<string> ClassicIds => new() { "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1" };

    [Theory]
    [MemberData(nameof(ClassicIds))]
    public void SameSeedGivesTheSameTrajectory(string id)
    {
        Assert.Equal(Rollout(id, 5), Rollout(id, 5));
        // The same actions from a different reset seed: only the environment's own seeding can tell the two apart.
        Assert.NotEqual(Rollout(id, 5), Rollout(id, 6, actionSeed: 5));
    }

    private static List<float> Rollout(string id, ulong seed, ulong? actionSeed = null)
    {
        using var env = EnvironmentRegistry.Make(id);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        var rng = new CounterRng(actionSeed ?? seed, StreamPurpose.User);
        var trace = new List<float>();
        env.Reset(seed, obs);
        for (int t = 0; t < 300; t++)
        {
            trace.AddRange(obs);
            if (env.ActionSpace is DiscreteSpace d) action[0] = rng.NextInt(d.Count);
            else for (int j = 0; j < action.Length; j++) action[j] = (float)rng.Uniform(-1, 1);
            var r = env.Step(action, obs);
            trace.Add((float)r.Reward);
            if (r.Done) env.Reset(null, obs);
        }
        return trace;
    }

    [Theory]
    [InlineData("CartPole-v1", 500, 475.0)]
    [InlineData("MountainCar-v0", 200, -110.0)]
    [InlineData("MountainCarContinuous-v0", 999, 90.0)]
    [InlineData("Acrobot-v1", 500, -100.0)]
    [InlineData("Pendulum-v1", 200, null)]
    public void RegistryCarriesGymnasiumLimitsAndTruncates(string id, int maxSteps, double? threshold)
    {
        var spec = EnvironmentRegistry.Get(id);
        Assert.Equal(maxSteps, spec.MaxEpisodeSteps);
        Assert.Equal(threshold, spec.RewardThreshold);
        using var env = EnvironmentRegistry.Make(id);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        env.Reset(1, obs);
        for (int t = 1; t <= maxSteps; t++)
        {
            Hold(env); // keep the state away from any terminal region
            var r = env.Step(action, obs);
            Assert.False(r.Terminated);
            Assert.Equal(t == maxSteps, r.Truncated);
        }
        Assert.Throws<InvalidOperationException>(() => env.Step(action, obs));
    }

    private static void Hold(Itt.Environments.Env env)
    {
        switch (env)
        {
            case CartPole c: c.State = new(0, 0, 0, 0); break;
            case MountainCar m: m.State = new(-0.5, 0); break;
            case Acrobot a: a.State = new(0, 0, 0, 0); break;
            case Pendulum p: p.State = new(0, 0); break;
        }
    }

    [Fact]
    public void ResetDistributionsFollowTheSpecification()
    {
        var obs4 = new float[4];
        var cart = (CartPole)EnvironmentRegistry.Make("CartPole-v1");
        var car = (MountainCar)EnvironmentRegistry.Make("MountainCar-v0");
        var acrobot = (Acrobot)EnvironmentRegistry.Make("Acrobot-v1");
        var pendulum = (Pendulum)EnvironmentRegistry.Make("Pendulum-v1");
        var obs2 = new float[2];
        var obs6 = new float[6];
        var obs3 = new float[3];
        var thetas = new List<double>();
        var (carts, cars, acrobots, thetaDots) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (ulong seed = 0; seed < 500; seed++)
        {
            cart.Reset(seed, obs4);
            var c = cart.State;
            foreach (var v in new[] { c.X, c.XDot, c.Theta, c.ThetaDot }) Assert.InRange(v, -0.05, 0.05);
            carts.AddRange([c.X, c.XDot, c.Theta, c.ThetaDot]);
            car.Reset(seed, obs2);
            Assert.InRange(car.State.Position, -0.6, -0.4);
            Assert.Equal(0.0, car.State.Velocity);
            cars.Add(car.State.Position);
            acrobot.Reset(seed, obs6);
            var a = acrobot.State;
            foreach (var v in new[] { a.Theta1, a.Theta2, a.Omega1, a.Omega2 })
            {
                Assert.InRange(v, -0.1, 0.1);
                Assert.Equal(v, (double)(float)v); // the start state is cast to float32
            }
            acrobots.AddRange([a.Theta1, a.Theta2, a.Omega1, a.Omega2]);
            pendulum.Reset(seed, obs3);
            Assert.InRange(pendulum.State.Theta, -Math.PI, Math.PI);
            Assert.InRange(pendulum.State.ThetaDot, -1, 1);
            thetas.Add(pendulum.State.Theta);
            thetaDots.Add(pendulum.State.ThetaDot);
        }
        // Uniform on [−π, π]: mean 0 with standard error π/√3/√500 ≈ 0.081.
        Assert.InRange(thetas.Average(), -0.33, 0.33);
        // Uniform over the whole interval, not merely inside it (a constant start would pass the ranges above).
        Distributions.AssertUniform(carts, -0.05, 0.05);
        Distributions.AssertUniform(cars, -0.6, -0.4);
        Distributions.AssertUniform(acrobots, -0.1, 0.1);
        Distributions.AssertUniform(thetas, -Math.PI, Math.PI);
        Distributions.AssertUniform(thetaDots, -1, 1);
    }


    [Fact]
    public void BadActionsAndSpansAreRejected()
    {
        using var env = EnvironmentRegistry.Make("CartPole-v1");
        var obs = new float[4];
        Assert.Throws<InvalidOperationException>(() => env.Step(0, obs)); // before reset
        env.Reset(0, obs);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2, obs));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0.5f], obs));
        Assert.Throws<ArgumentException>(() => env.Step(0, new float[3]));
        Assert.Throws<KeyNotFoundException>(() => EnvironmentRegistry.Make("NoSuchEnv-v0"));
    }
}
