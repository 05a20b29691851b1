using Itt.Core.Random;
using Itt.Environments;
using Itt.Environments.ClassicControl;
using Itt.Environments.Registry;

namespace Itt.Tests.Cluster;

/// <summary>CartPole variants registered only in the test process: slow resets (to catch a worker mid-chunk) and bad rewards.</summary>
public static class TestEnvironments
{
    /// <summary>Waits at every reset while <see cref="Gate"/> is closed, so a test can hold chunks in flight on a silo it kills.</summary>
    public const string Gated = "GatedPole-test-v0";

    /// <summary>Open unless a test closes it.</summary>
    public static readonly ManualResetEventSlim Gate = new(initialState: true);

    /// <summary>Reward NaN for every step of episodes that start right of x = 0.03 (about one in five).</summary>
    public const string NaNReward = "NaNPole-test-v0";

    /// <summary>The episodes of <see cref="NaNReward"/> diverge at their first step instead (a <see cref="SimulationDivergedException"/>).</summary>
    public const string Diverging = "DivergingPole-test-v0";

    /// <summary>Reward 10³⁰⁰·x: finite returns whose gradient overflows θ with a large learning rate.</summary>
    public const string HugeReward = "HugePole-test-v0";

    /// <summary>CartPole whose construction fails once after <see cref="ArmRejection"/>: the worker that meets it rejects its chunk.</summary>
    public const string RejectOnce = "RejectOncePole-test-v0";

    private static int _rejections;

    /// <summary>Makes the next construction of <see cref="RejectOnce"/> throw.</summary>
    public static void ArmRejection() => Volatile.Write(ref _rejections, 1);

    /// <summary>Registers the variants (idempotent).</summary>
    public static void Register()
    {
        EnvironmentRegistry.Register(new EnvironmentSpec(Gated, () => new ScriptedCartPole(true, (r, _, _) => r), 500, null, "test"));
        EnvironmentRegistry.Register(new EnvironmentSpec(NaNReward, () => new ScriptedCartPole(false, (r, x0, _) => x0 > 0.03 ? double.NaN : r), 500, null, "test"));
        EnvironmentRegistry.Register(new EnvironmentSpec(RejectOnce, () => Interlocked.Exchange(ref _rejections, 0) == 1
            ? throw new InvalidOperationException("this worker cannot make the environment") : new ScriptedCartPole(false, (r, _, _) => r), 500, null, "test"));
        EnvironmentRegistry.Register(new EnvironmentSpec(Diverging, () => new ScriptedCartPole(false,
            (r, x0, _) => x0 > 0.03 ? throw new SimulationDivergedException("the pole left the simulation") : r), 500, null, "test"));
        EnvironmentRegistry.Register(new EnvironmentSpec(HugeReward, () => new ScriptedCartPole(false, (_, _, x) => 1e300 * x), 500, null, "test"));
    }

    /// <summary>CartPole whose reward is rewritten from (reward, start x, current x).</summary>
    private sealed class ScriptedCartPole : Env
    {
        private readonly CartPole _inner;
        private readonly bool _gated;
        private readonly Func<double, double, double, double> _reward;
        private readonly float[] _observation = new float[4];
        private double _startX;

        public ScriptedCartPole(bool gated, Func<double, double, double, double> reward) : this(new CartPole(), gated, reward) { }

        private ScriptedCartPole(CartPole inner, bool gated, Func<double, double, double, double> reward)
            : base(inner.ObservationSpace, inner.ActionSpace)
        {
            _inner = inner;
            _gated = gated;
            _reward = reward;
        }

        public override void Observe(Span<float> observation) => _observation.CopyTo(observation);

        protected override void ResetCore(CounterRng random)
        {
            _inner.Reset(random.NextUInt64(), _observation);
            _startX = _observation[0];
            if (_gated) Gate.Wait();
        }

        protected override (double Reward, bool Terminated) StepCore(ReadOnlySpan<float> action)
        {
            var step = _inner.Step(action, _observation);
            return (_reward(step.Reward, _startX, _observation[0]), step.Terminated);
        }
    }
}
