using System.Runtime.InteropServices;
using Itt.Environments.MuJoCo.Physics;

namespace Itt.Environments.MuJoCo.Native;

/// <summary>
/// Checks once per process that libmujoco 2.2.2 is present and that the generated offsets describe it: the version
/// must be 222, and a probe model must read back its known sizes and timestep, with <c>mjData.qpos</c> pointing at the
/// start of the data's arena (mj_makeData carves qpos first out of <c>mjData.buffer</c>, which holds at least the
/// model's <c>nbuffer</c> bytes).
/// </summary>
internal static unsafe class MuJoCoLibrary
{
    /// <summary>The one line shown when the library is missing.</summary>
    public const string MissingPackageMessage =
        "MuJoCo tasks need the Debian package libmujoco2.2.2 (apt-get install libmujoco2.2.2)";

    private const string ProbeModel = """
        <mujoco>
          <option timestep="0.0125"/>
          <worldbody>
            <body><joint name="j" type="hinge"/><geom type="sphere" size="0.1"/></body>
          </worldbody>
          <actuator><motor joint="j"/></actuator>
        </mujoco>
        """;

    private static readonly Lazy<string?> Problem = new(() => Diagnose(MuJoCoNative.SoName));

    /// <summary>Null when the library is usable; otherwise one line saying why not.</summary>
    public static string? Unavailable => Problem.Value;

    /// <summary>Throws <see cref="Registry.EnvironmentUnavailableException"/> when the library is not usable.</summary>
    public static void EnsureAvailable()
    {
        if (Unavailable is string why) throw new Registry.EnvironmentUnavailableException(why);
    }

    /// <summary>
    /// Null when <paramref name="soName"/> loads and the bound library is the MuJoCo the offsets describe; otherwise
    /// why not. (A parameter so that a test can name a library that is not installed.)
    /// </summary>
    internal static string? Diagnose(string soName)
    {
        bool present = NativeLibrary.TryLoad(soName, typeof(MuJoCoLibrary).Assembly, null, out _) && MuJoCoNative.TryLoad();
        if (!present) return MissingPackageMessage;
        int version = MuJoCoNative.mj_version();
        if (version != MjHeader.Version)
            return $"MuJoCo tasks need MuJoCo {MjHeader.Version} ({MuJoCoNative.SoName}); the loaded library reports version {version}";
        MuJoCoNative.RouteWarningsToStandardError();
        using var model = MuJoCoModel.CompileUnchecked(ProbeModel, "probe");
        using var data = new MuJoCoSimulation(model);
        byte* m = (byte*)model.Pointer, d = (byte*)data.DataPointer;
        bool sizesRead = *(int*)(m + MjModelOffsets.nq) == 1 && *(int*)(m + MjModelOffsets.nv) == 1
            && *(int*)(m + MjModelOffsets.nu) == 1 && *(int*)(m + MjModelOffsets.nbody) == 2
            && *(double*)(m + MjModelOffsets.opt_timestep) == 0.0125;
        bool arenaStartsWithQpos = *(void**)(d + MjDataOffsets.buffer) == *(void**)(d + MjDataOffsets.qpos)
            && *(int*)(d + MjDataOffsets.nbuffer) >= *(int*)(m + MjModelOffsets.nbuffer);
        return sizesRead && arenaStartsWithQpos ? null
            : "the generated MuJoCo struct offsets do not match the loaded libmujoco.so.2.2.2 (run tools/mujoco-offsets/generate.sh)";
    }
}
