using Itt.Core.Random;
using Itt.Environments;
using Itt.Environments.Box2D.Lander;

namespace Itt.Tests.Box2D;

/// <summary>Shared steps of the lander tests: episodes, settled starts and the spec's throttle rules.</summary>
internal static class LanderTestKit
{
    /// <summary>Resets, then lets the legs swing into their joint limits in free fall, so a constructed state starts from a settled assembly.</summary>
    public static LunarLander SettledLander(bool continuous = true, ulong seed = 7)
    {
        var env = new LunarLander(continuous);
        var obs = new float[8];
        env.Reset(seed, obs);
        for (int i = 0; i < 10; i++) Step(env, 0f, 0f, obs);
        return env;
    }

    /// <summary>One step with a continuous action, or the no-op of a discrete lander.</summary>
    public static StepResult Step(LunarLander env, float main, float lateral, Span<float> obs)
        => env.ActionSpace.Dimension == 2 ? env.Step([main, lateral], obs) : env.Step(0, obs);

    /// <summary>Steps no-ops until the episode ends or <paramref name="limit"/> steps pass; returns the last result and the step count.</summary>
    public static (StepResult Last, int Steps) CoastUntilDone(LunarLander env, int limit)
    {
        var obs = new float[8];
        StepResult r = default;
        int t = 0;
        while (t < limit && !r.Done)
        {
            r = Step(env, 0f, 0f, obs);
            t++;
        }
        return (r, t);
    }

    /// <summary>Runs one episode of <paramref name="controller"/> and returns its return.</summary>
    public static double Episode(Itt.Environments.Env env, ulong seed, PdLanderController controller)
    {
        var obs = new float[8];
        var action = new float[2];
        env.Reset(seed, obs);
        double total = 0;
        StepResult r;
        do
        {
            if (env.ActionSpace.Dimension == 2)
            {
                controller.Act(obs, action);
                r = env.Step(action, obs);
            }
            else r = env.Step(controller.ActDiscrete(obs), obs);
            total += r.Reward;
        } while (!r.Done);
        return total;
    }

    /// <summary>Fills <paramref name="action"/> with uniform draws in [−1.2, 1.2] (a little outside the box, to exercise clipping).</summary>
    public static void RandomAction(CounterRng rng, Span<float> action)
    {
        for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1.2, 1.2);
    }

    /// <summary>Main and side throttles of a continuous action as docs/environments.md 3.10 defines them.</summary>
    public static (double Main, double Side) Throttles(ReadOnlySpan<float> action)
    {
        double a0 = Math.Clamp(action[0], -1.0, 1.0), a1 = Math.Clamp(action[1], -1.0, 1.0);
        double main = a0 > 0 ? (a0 + 1) / 2 : 0;
        double side = Math.Abs(a1) > 0.5 ? Math.Clamp(Math.Abs(a1), 0.5, 1.0) : 0;
        return (main, side);
    }

    /// <summary>The shaping potential recomputed from a (float) observation.</summary>
    public static double ShapingOf(ReadOnlySpan<float> s)
    {
        Span<double> d = stackalloc double[8];
        for (int i = 0; i < 8; i++) d[i] = s[i];
        return LunarLander.Shaping(d);
    }
}
