using Itt.Environments.MuJoCo.Models;
using Itt.Environments.MuJoCo.Physics;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>Our MJCF files against the compiled reference values of docs/environments.md 6.1 (bodies) and 6.2 (raw rollouts).</summary>
public sealed class ModelTests
{
    // body: mass, ipos (3), principal inertia (3), iquat (4) — docs/environments.md 6.1, printed precision.
    private static readonly Dictionary<string, (string Body, double[] Values)[]> Bodies = new()
    {
        [ModelLibrary.Hopper] =
        [
            ("torso", [3.6651914, 0, 0, 0, 0.069245938, 0.069245938, 0.0044505896, 1, 0, 0, 0]),
            ("thigh", [4.0578905, 0, 0, -0.225, 0.093298757, 0.093298757, 0.0049414634, 1, 0, 0, 0]),
            ("leg", [2.7813567, 0, 0, 0, 0.07230254, 0.07230254, 0.0021821921, 1, 0, 0, 0]),
            ("foot", [5.3155748, -0.065, 0, 0.1, 0.10352308, 0.10352308, 0.0092423143, 0.707107, 0, -0.707107, 0]),
        ],
        [ModelLibrary.Walker2d] =
        [
            ("torso", [3.6651914, 0, 0, 0, 0.069245938, 0.069245938, 0.0044505896, 1, 0, 0, 0]),
            ("thigh", [4.0578905, 0, 0, -0.225, 0.093298757, 0.093298757, 0.0049414634, 1, 0, 0, 0]),
            ("leg", [2.7813567, 0, 0, 0, 0.07230254, 0.07230254, 0.0021821921, 1, 0, 0, 0]),
            ("foot", [3.1667254, -0.1, 0, 0.1, 0.023997747, 0.023997747, 0.0053743854, 0.707107, 0, -0.707107, 0]),
            ("thigh_left", [4.0578905, 0, 0, -0.225, 0.093298757, 0.093298757, 0.0049414634, 1, 0, 0, 0]),
            ("leg_left", [2.7813567, 0, 0, 0, 0.07230254, 0.07230254, 0.0021821921, 1, 0, 0, 0]),
            ("foot_left", [3.1667254, -0.1, 0, 0.1, 0.023997747, 0.023997747, 0.0053743854, 0.707107, 0, -0.707107, 0]),
        ],
        [ModelLibrary.HalfCheetah] =
        [
            ("torso", [6.2502092, 0.15239, 0, 0.0253983, 0.89711769, 0.88565545, 0.017960923, 0.52243, 0.476516, 0.476516, 0.52243]),
            ("bthigh", [1.5435146, 0.1, 0, -0.13, 0.01684434, 0.01684434, 0.0015760216, -0.32329, 0, -0.9463, 0]),
            ("bshin", [1.5874477, -0.14, 0, -0.07, 0.018267419, 0.018267419, 0.0016225028, 0.52762, 0, -0.849481, 0]),
            ("bfoot", [1.0953975, 0.03, 0, -0.097, 0.0063524233, 0.0063524233, 0.0011019136, 0.990901, 0, -0.13459, 0]),
            ("fthigh", [1.4380753, -0.07, 0, -0.12, 0.013739643, 0.013739643, 0.0014644668, 0.96639, 0, 0.257081, 0]),
            ("fshin", [1.2008368, 0.065, 0, -0.09, 0.0082221086, 0.0082221086, 0.0012134685, 0.955336, 0, -0.29552, 0]),
            ("ffoot", [0.88451883, 0.045, 0, -0.07, 0.0035291095, 0.0035291095, 0.00087880402, 0.955336, 0, -0.29552, 0]),
        ],
        [ModelLibrary.Swimmer] =
        [
            ("torso", [35.604717, 1, 0, 0, 3.917566, 3.917566, 0.17383479, 0.707107, 0, 0.707107, 0]),
            ("mid", [35.604717, -0.5, 0, 0, 3.917566, 3.917566, 0.17383479, 0.707107, 0, 0.707107, 0]),
            ("back", [35.604717, -0.5, 0, 0, 3.917566, 3.917566, 0.17383479, 0.707107, 0, 0.707107, 0]),
        ],
        [ModelLibrary.InvertedPendulum] =
        [
            ("cart", [10.471976, 0, 0, 0, 0.1267109, 0.1267109, 0.048171087, 0.707107, 0, 0.707107, 0]),
            ("pole", [5.0185916, 0.0005, 0, 0.3, 0.18874977, 0.18874977, 0.0059064963, 0.000833332, 0, -1, 0]),
        ],
        [ModelLibrary.DmFish] =
        [
            ("torso", [0.0288, 0, 0, 0, 4.32e-05, 3.45984e-05, 8.6784e-06, 0.707107, 0.707107, 0, 0]),
            ("tail1", [0.00053616515, 0, 0, 0, 3.4314569e-08, 2.7558889e-08, 6.9701469e-09, 1, 0, 0, 0]),
            ("tail2", [0.0026389378, 0, 0, 0, 8.1754294e-07, 6.4706756e-07, 1.7153096e-07, 1, 0, 0, 0]),
            ("finright", [0.0012566371, 0.015, 0, 0, 5.6799995e-08, 1.0078229e-07, 1.5707963e-07, 1, 0, 0, 0]),
            ("finleft", [0.0012566371, -0.015, 0, 0, 5.6799995e-08, 1.0078229e-07, 1.5707963e-07, 1, 0, 0, 0]),
        ],
        [ModelLibrary.DmHopper] =
        [
            ("torso", [4.8283835, 0.00745552, 0, 0.0788898, 0.053692242, 0.049673283, 0.013279245, 0.706823, 0.020029, 0.020029, 0.706823]),
            ("pelvis", [3.1413309, 0, 0, -0.075, 0.018456812, 0.018456812, 0.00615004, 1, 0, 0, 0]),
            ("thigh", [1.9268435, 0, 0, -0.165, 0.024513889, 0.024513889, 0.0014985816, 1, 0, 0, 0]),
            ("calf", [1.017876, 0, 0, -0.16, 0.011267511, 0.011267511, 0.00044786545, 1, 0, 0, 0]),
            ("foot", [1.5247196, 0.045, 0, 0, 0.012413312, 0.012413312, 0.0011768825, 0.707107, 0, -0.707107, 0]),
        ],
        [ModelLibrary.DmWalker] =
        [
            ("torso", [10.673037, 0, 0, 0, 0.4431558, 0.4431558, 0.025444932, 1, 0, 0, 0]),
            ("right_thigh", [4.0578905, 0, 0, -0.225, 0.093298757, 0.093298757, 0.0049414634, 1, 0, 0, 0]),
            ("right_leg", [2.7813567, 0, 0, 0, 0.07230254, 0.07230254, 0.0021821921, 1, 0, 0, 0]),
            ("right_foot", [2.0943951, 0, 0, 0, 0.013940817, 0.013940817, 0.0024870942, 0.707107, 0, 0.707107, 0]),
            ("left_thigh", [4.0578905, 0, 0, -0.225, 0.093298757, 0.093298757, 0.0049414634, 1, 0, 0, 0]),
            ("left_leg", [2.7813567, 0, 0, 0, 0.07230254, 0.07230254, 0.0021821921, 1, 0, 0, 0]),
            ("left_foot", [2.0943951, 0, 0, 0, 0.013940817, 0.013940817, 0.0024870942, 0.707107, 0, 0.707107, 0]),
        ],
    };

    public static TheoryData<string> EmbeddedModels => new(Bodies.Keys);

    [MuJoCoTheory]
    [MemberData(nameof(EmbeddedModels))]
    public void Compiled_bodies_match_the_reference_values(string name)
    {
        using var model = MuJoCoModel.Compile(ModelLibrary.Embedded(name), name);
        foreach (var (body, expected) in Bodies[name]) AssertBody(model, body, expected);
    }

    [MuJoCoTheory]
    [InlineData(6)]
    [InlineData(15)]
    public void Dm_swimmer_bodies_weigh_10_grams_with_the_box_inertia(int n)
    {
        using var model = MuJoCoModel.Compile(ModelLibrary.DmSwimmer(n), "swimmer");
        double[] expected = [0.01, 0, 0, 0, 8.6666667e-06, 8.3366667e-06, 3.3666667e-07, 0.707107, 0.707107, 0, 0];
        AssertBody(model, "head", expected);
        for (int i = 0; i < n - 1; i++) AssertBody(model, $"segment_{i}", expected);
        Assert.Equal((n + 2, n + 2, n - 1, n + 1), (model.Nq, model.Nv, model.Nu, model.NBody));
        Assert.Equal(18 + 6 * (n - 1), model.NSensorData); // 18 head values + 6 per segment
        Assert.Equal(0.002, model.Timestep);
        Assert.Equal(360.0 / n * Math.PI / 180, model.JointRange[2 * 3 + 1], 12);
    }

    [MuJoCoTheory]
    [InlineData(ModelLibrary.Hopper, 6, 6, 3, 0.002, 1)]
    [InlineData(ModelLibrary.Walker2d, 9, 9, 6, 0.002, 1)]
    [InlineData(ModelLibrary.HalfCheetah, 9, 9, 6, 0.01, 0)]
    [InlineData(ModelLibrary.Swimmer, 5, 5, 2, 0.01, 1)]
    [InlineData(ModelLibrary.InvertedPendulum, 2, 2, 1, 0.02, 1)]
    [InlineData(ModelLibrary.DmFish, 14, 13, 5, 0.004, 0)]
    [InlineData(ModelLibrary.DmHopper, 7, 7, 4, 0.005, 0)]
    [InlineData(ModelLibrary.DmWalker, 9, 9, 6, 0.0025, 0)]
    public void Sizes_timestep_and_integrator(string name, int nq, int nv, int nu, double timestep, int integrator)
    {
        using var model = MuJoCoModel.Compile(ModelLibrary.Embedded(name), name);
        Assert.Equal((nq, nv, nu), (model.Nq, model.Nv, model.Nu));
        Assert.Equal(timestep, model.Timestep);
        Assert.Equal(integrator, model.Integrator);
    }

    [MuJoCoFact]
    public void Hopper_and_walker_start_at_qpos0_with_the_torso_height_in_rootz()
    {
        using var hopper = MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.Hopper), "hopper");
        Assert.Equal([0, 1.25, 0, 0, 0, 0], hopper.Qpos0.ToArray());
        using var walker = MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.Walker2d), "walker");
        Assert.Equal([0, 1.25, 0, 0, 0, 0, 0, 0, 0], walker.Qpos0.ToArray());
    }

    [MuJoCoFact]
    public void HalfCheetah_geom_orientations_match_the_compiled_quaternions()
    {
        using var model = MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.HalfCheetah), "cheetah");
        var expected = new Dictionary<string, double[]>
        {
            ["torso"] = [0.70710678, 0, -0.70710678, 0],
            ["head"] = [0.90687004, 0, 0.4214104, 0],
            ["bthigh"] = [-0.32328957, 0, -0.94630009, 0],
            ["bshin"] = [0.52761993, 0, -0.84948055, 0],
            ["bfoot"] = [0.99090133, 0, -0.13459031, 0],
            ["fthigh"] = [0.96638998, 0, 0.25708055, 0],
            ["fshin"] = [0.95533649, 0, -0.29552021, 0],
            ["ffoot"] = [0.95533649, 0, -0.29552021, 0],
        };
        foreach (var (geom, quat) in expected)
        {
            int id = model.GeomId(geom);
            for (int k = 0; k < 4; k++) Assert.Equal(quat[k], model.GeomQuat[4 * id + k], 7);
        }
    }

    [MuJoCoFact]
    public void Fish_mouth_frame_is_the_compiled_one()
    {
        using var model = MuJoCoModel.Compile(ModelLibrary.Embedded(ModelLibrary.DmFish), "fish");
        int mouth = model.GeomId("mouth");
        Assert.Equal([0, 0.0745, 0], model.GeomPos.Slice(3 * mouth, 3).ToArray().Select(v => Math.Round(v, 12)));
        double[] quat = [0.70710678, -0.70710678, 0, 0];
        for (int k = 0; k < 4; k++) Assert.Equal(quat[k], model.GeomQuat[4 * mouth + k], 7);
    }

    public static TheoryData<string, int, double, double[]> Rollouts => new()
    {
        { ModelLibrary.Swimmer, 100, 0.5, [-0.198661188, 0.739740943, -0.610973168, 1.74602921, -1.74603739] },
        { ModelLibrary.InvertedPendulum, 10, 1, [0.163773741, -0.372354206] },
        { "dm_swimmer6", 500, 1, [-0.0242604269, 0.0458700853, -0.558917466, 1.12086253, -1.11870558, 1.11459023, -1.11870499, 1.1208619] },
        { "dm_swimmer15", 500, 1, [-0.0123318331, 0.0226036401, -0.250987152, 0.493580121, -0.488563262, 0.489780363, -0.487459241, 0.49025551, -0.487719509, 0.489279773, -0.489299814, 0.48770145, -0.490266136, 0.487454042, -0.489780745, 0.488564351, -0.493579789] },
        { ModelLibrary.DmFish, 250, 0.5, [-0.00255505476, -0.00137277055, 0.106306861, 0.997729936, 0.0177255701, 0.031104926, -0.0570373808, 0.500412898, -0.492459971, -0.00519353087, 0.490924811, 0.496981512, -0.514387943, -0.494183256] },
        { ModelLibrary.Hopper, 300, 0.3, [-0.190700067, 0.472250858, -1.33234145, 0.00146063241, -2.61932646, 0.786842295] },
        { ModelLibrary.Walker2d, 300, 0.3, [-0.285942868, 0.918263547, -2.71727876, 0.00491547171, -2.55478995, 0.794810558, -2.51836113, 0.0316994329, -0.824893478] },
        { ModelLibrary.HalfCheetah, 100, 0.3, [0.0159293425, -0.136957132, 0.0769467003, 0.196929925, -0.0704258742, 0.151873577, -0.279045398, -0.00484822701, -0.303949497] },
        { ModelLibrary.DmHopper, 200, 0.3, [-0.0190444453, -0.621699522, 0.114622818, 0.524399811, -2.59014305, 2.620291, -0.670280163] },
        { ModelLibrary.DmWalker, 300, 0.3, [-0.643624032, -0.0893749443, -1.20620928, 1.75323003, -2.62529969, 0.793391636, -0.357160179, -2.1954194, 0.741133538] },
    };

    /// <summary>Spec 6.2: ctrl = +c on even, −c on odd actuators, N raw mj_step calls from qpos0.</summary>
    [MuJoCoTheory]
    [MemberData(nameof(Rollouts))]
    public void Raw_rollout_matches_the_reference(string name, int steps, double c, double[] expected)
    {
        string mjcf = name.StartsWith("dm_swimmer", StringComparison.Ordinal)
            ? ModelLibrary.DmSwimmer(int.Parse(name["dm_swimmer".Length..]))
            : ModelLibrary.Embedded(name);
        using var model = MuJoCoModel.Compile(mjcf, name);
        using var sim = new MuJoCoSimulation(model);
        for (int i = 0; i < model.Nu; i++) sim.Ctrl[i] = i % 2 == 0 ? c : -c;
        for (int s = 0; s < steps; s++) sim.Step();
        // Contact-free models agree to ~1e-9; contacts make the others sensitive to declaration order (docs/environments.md 6.2).
        double tolerance = name is ModelLibrary.Swimmer or ModelLibrary.InvertedPendulum or ModelLibrary.DmFish
            || name.StartsWith("dm_swimmer", StringComparison.Ordinal) ? 1e-7 : 1e-5;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(sim.Qpos[i] - expected[i]) <= tolerance, $"{name} qpos[{i}] = {sim.Qpos[i]:R}, expected {expected[i]:R}");
    }

    [MuJoCoFact]
    public void A_model_that_does_not_compile_raises_MuJoCos_message()
    {
        var error = Assert.Throws<MuJoCoModelException>(() => MuJoCoModel.Compile(
            "<mujoco><worldbody><body><joint type=\"hinge\" range=\"0 1\"/><geom size=\"0.1\"/></body></worldbody></mujoco>", "broken"));
        Assert.Contains("broken", error.Message);
        Assert.Contains("limited", error.Message);
    }

    private static void AssertBody(MuJoCoModel model, string body, double[] expected)
    {
        int id = model.BodyId(body);
        AssertClose(expected[0], model.BodyMass[id], $"{body} mass");
        for (int k = 0; k < 3; k++) AssertClose(expected[1 + k], model.BodyIpos[3 * id + k], $"{body} ipos[{k}]");
        for (int k = 0; k < 3; k++) AssertClose(expected[4 + k], model.BodyInertia[3 * id + k], $"{body} inertia[{k}]");
        // q and −q are the same rotation.
        var q = model.BodyIquat.Slice(4 * id, 4);
        double sign = Math.Sign(q[0] * expected[7] + q[1] * expected[8] + q[2] * expected[9] + q[3] * expected[10]);
        for (int k = 0; k < 4; k++) Assert.True(Math.Abs(sign * q[k] - expected[7 + k]) < 2e-6, $"{body} iquat[{k}] = {q[k]}, expected {expected[7 + k]}");
    }

    private static void AssertClose(double expected, double actual, string what)
        => Assert.True(Math.Abs(actual - expected) <= 1e-7 * Math.Max(1, Math.Abs(expected)) + 5e-7 * Math.Abs(expected) + 1e-12,
            $"{what} = {actual:R}, expected {expected:R}");
}
