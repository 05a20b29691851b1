using Itt.Environments.ClassicControl;
using Itt.Environments.Registry;

namespace Itt.Tests.Environments;

/// <summary>
/// The classic tasks evaluate each formula in the reference's own grouping and take squares as it does
/// (docs/environments.md, bit-exact arithmetic). Each test picks a state where another grouping rounds differently,
/// computes the reference's value in an explicitly ordered calculation, and checks that the alternative really
/// differs there, so a change of grouping cannot pass unnoticed.
/// </summary>
public class BitExactClassicControlTests
{
    private const double MpL = 0.1 * 0.5, TotalMass = 0.1 + 1.0;

    [Fact]
    public void CartPoleSquaresFirstThenGroupsLeftToRight()
    {
        var env = (CartPole)EnvironmentRegistry.Make("CartPole-v1");
        var obs = new float[4];
        env.Reset(0, obs);
        const double theta = 0.03, thetaDot = 0.01;
        env.State = new CartPole.PhysicalState(0, 0, theta, thetaDot);
        env.Step(1, obs);

        double c = Math.Cos(theta), sn = Math.Sin(theta);
        double thetaDotSquared = thetaDot * thetaDot, cosSquared = c * c;
        double temp = (10.0 + MpL * thetaDotSquared * sn) / TotalMass;
        double reference = thetaDot + 0.02 * ((9.8 * sn - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cosSquared / TotalMass)));
        double tempLeftToRight = (10.0 + MpL * thetaDot * thetaDot * sn) / TotalMass;
        double leftToRight = thetaDot + 0.02 * ((9.8 * sn - c * tempLeftToRight) / (0.5 * (4.0 / 3.0 - 0.1 * c * c / TotalMass)));

        Assert.NotEqual(leftToRight, reference); // the state discriminates between the groupings
        Assert.Equal(reference, env.State.ThetaDot);
        Assert.Equal(-0.27306865215018716, env.State.ThetaDot); // printed by tools/classic-reference/reference.py
    }

    [Fact]
    public void CartPoleBalancedFor500StepsEndsOnTheReferenceState()
    {
        // A balanced pole is unstable, so any rounding difference grows: with ((m_p·c)·c)/M the same episode ends at
        // θ̇ = 0.021677794429824315 instead. Pinned values from tools/classic-reference/reference.py (Python floats,
        // the same libm).
        var env = (CartPole)EnvironmentRegistry.Make("CartPole-v1");
        var obs = new float[4];
        env.Reset(0, obs);
        env.State = new CartPole.PhysicalState(0.01, -0.02, 0.03, -0.04);
        env.Observe(obs);
        for (int step = 0; step < 500; step++)
        {
            int action = 0.05 * obs[0] + 0.2 * obs[1] + 3.0 * obs[2] + 0.6 * obs[3] > 0 ? 1 : 0;
            Assert.False(env.Step(action, obs).Terminated, $"the pole fell at step {step + 1}");
        }
        Assert.Equal(new CartPole.PhysicalState(-0.11202208438576253, -0.022931961931808603, -0.003936038471819888,
            0.02469707473319871), env.State);
    }

    [Fact]
    public void AcrobotSquaresVariablesWithPow()
    {
        // θ2 = 0.6200326817102318 gives d2 = 1.6569297335025683, where glibc's pow(d2, 2) = 2.745416141764892 and
        // d2·d2 = 2.7454161417648923.
        double[] state = [0.1, 0.6200326817102318, 0.2, -0.3];
        var derivative = new double[4];
        Acrobot.Derivatives(state, 1.0, derivative);

        double d2 = 1.0 * (0.5 * 0.5 + 1.0 * 0.5 * Math.Cos(state[1])) + 1.0;
        Assert.Equal(1.6569297335025683, d2);
        Assert.Equal(2.745416141764892, Math.Pow(d2, 2));
        Assert.Equal(2.7454161417648923, d2 * d2);
        // α1, α2 of the reference (pow) and of x·x squares, from tools/classic-reference/reference.py.
        Assert.Equal(-0.8191350558038492, derivative[2]);
        Assert.Equal(-0.7083818326860856, derivative[3]);
        Assert.NotEqual(-0.819135055803849, derivative[2]);
        Assert.Equal(state[2], derivative[0]);
        Assert.Equal(state[3], derivative[1]);
    }

    [Fact]
    public void PendulumSquaresTheActionInDoublePrecision()
    {
        var env = (Pendulum)EnvironmentRegistry.Make("Pendulum-v1");
        var obs = new float[3];
        env.Reset(0, obs);
        env.State = new Pendulum.PhysicalState(1.0, 0.5);
        const float u = 1.1f;
        double reward = env.Step([u], obs).Reward;

        double angleTerm = Math.Pow(1.0, 2), velocityTerm = 0.1 * Math.Pow(0.5, 2);
        double inDouble = -(angleTerm + velocityTerm + 0.001 * ((double)u * u));
        double inSingle = -(angleTerm + velocityTerm + 0.001 * (double)(u * u));
        Assert.NotEqual(inSingle, inDouble); // 1.1f² is 1.2100000524520874 in f64 and 1.2100000381469727 in f32
        Assert.Equal(inDouble, reward);
        Assert.Equal(-1.026210000052452, reward); // tools/classic-reference/reference.py
    }
}
