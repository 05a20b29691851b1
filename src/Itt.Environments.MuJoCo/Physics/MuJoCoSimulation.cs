using Itt.Environments;
using Itt.Environments.MuJoCo.Native;

namespace Itt.Environments.MuJoCo.Physics;

/// <summary>Thrown when MuJoCo raises a warning during a step (dm_control's <c>PhysicsError</c>).</summary>
public sealed class MuJoCoPhysicsException(string message) : SimulationDivergedException(message);

/// <summary>
/// The state of one simulation (<c>mjData</c>) of a <see cref="MuJoCoModel"/>. The arrays are spans over native
/// memory whose pointers are read once at construction (mj_makeData never moves them), so stepping and reading
/// allocate nothing.
/// </summary>
/// <remarks>
/// <see cref="Reset"/> gives the state of <c>mj_resetData</c> without its cost (it zeroes the whole array buffer, which
/// holds the constraint and contact workspaces too). It restores, from copies taken right after <c>mj_resetData</c>:
/// the struct's sizes, counters, warnings, timers, time and energy (not the per-iteration solver statistics, which only
/// report), the state and inputs that a step reads (qpos, qvel, act, qacc_warmstart, ctrl, qfrc_applied, xfrc_applied,
/// mocap poses, userdata) and the outputs that are not recomputed by every forward pass (qacc, act_dot, sensordata,
/// qfrc_inverse, cacc, cfrc_int, cfrc_ext). Everything else is workspace written before it is read; with the counts of
/// contacts and constraints back at zero none of it is looked at. The tests check the restored fields against
/// <c>mj_resetData</c> and whole episodes against a fresh environment on every task.
/// </remarks>
public sealed unsafe class MuJoCoSimulation : IDisposable
{
    private readonly DataHandle _handle;
    private readonly IntPtr _m, _d;
    private readonly byte[] _pristineStruct = new byte[MjDataOffsets.SizeOf];
    private readonly (IntPtr Array, double[] Pristine)[] _pristineArrays;
    private readonly double* _qpos, _qvel, _ctrl, _xpos, _xmat, _xipos, _geomXpos, _geomXmat, _sensordata;
    private readonly int _nq, _nv, _nu, _nbody, _ngeom, _nsensordata;

    /// <summary>Allocates data for <paramref name="model"/> (qpos = qpos0, qvel = 0).</summary>
    public MuJoCoSimulation(MuJoCoModel model)
    {
        Model = model;
        _m = model.Pointer;
        _d = MuJoCoNative.mj_makeData(_m);
        if (_d == IntPtr.Zero) throw new OutOfMemoryException($"mj_makeData failed for model '{model.Name}'");
        _handle = new DataHandle(_d);
        (_nq, _nv, _nu, _nbody, _ngeom, _nsensordata) = (model.Nq, model.Nv, model.Nu, model.NBody, model.NGeom, model.NSensorData);
        _qpos = Pointer(MjDataOffsets.qpos);
        _qvel = Pointer(MjDataOffsets.qvel);
        _ctrl = Pointer(MjDataOffsets.ctrl);
        _xpos = Pointer(MjDataOffsets.xpos);
        _xmat = Pointer(MjDataOffsets.xmat);
        _xipos = Pointer(MjDataOffsets.xipos);
        _geomXpos = Pointer(MjDataOffsets.geom_xpos);
        _geomXmat = Pointer(MjDataOffsets.geom_xmat);
        _sensordata = Pointer(MjDataOffsets.sensordata);
        ResetNative();
        new ReadOnlySpan<byte>((void*)_d, MjDataOffsets.SizeOf).CopyTo(_pristineStruct);
        int na = model.Int(MjModelOffsets.na), nmocap = model.Int(MjModelOffsets.nmocap), nuserdata = model.Int(MjModelOffsets.nuserdata);
        _pristineArrays = new (int Offset, int Length)[]
        {
            (MjDataOffsets.qpos, _nq), (MjDataOffsets.qvel, _nv), (MjDataOffsets.act, na), (MjDataOffsets.qacc_warmstart, _nv),
            (MjDataOffsets.ctrl, _nu), (MjDataOffsets.qfrc_applied, _nv), (MjDataOffsets.xfrc_applied, 6 * _nbody),
            (MjDataOffsets.mocap_pos, 3 * nmocap), (MjDataOffsets.mocap_quat, 4 * nmocap), (MjDataOffsets.userdata, nuserdata),
            (MjDataOffsets.qacc, _nv), (MjDataOffsets.act_dot, na), (MjDataOffsets.sensordata, _nsensordata),
            (MjDataOffsets.qfrc_inverse, _nv), (MjDataOffsets.cacc, 6 * _nbody), (MjDataOffsets.cfrc_int, 6 * _nbody), (MjDataOffsets.cfrc_ext, 6 * _nbody),
        }.Where(a => a.Length > 0).Select(a => ((IntPtr)Pointer(a.Offset), new ReadOnlySpan<double>(Pointer(a.Offset), a.Length).ToArray())).ToArray();
    }

    /// <summary>The model simulated.</summary>
    public MuJoCoModel Model { get; }

    internal IntPtr DataPointer => _d;

    /// <summary>Generalised positions (nq).</summary>
    public Span<double> Qpos => new(_qpos, _nq);

    /// <summary>Generalised velocities (nv).</summary>
    public Span<double> Qvel => new(_qvel, _nv);

    /// <summary>Controls (nu); MuJoCo clamps them to the control range when it computes forces, not here.</summary>
    public Span<double> Ctrl => new(_ctrl, _nu);

    /// <summary>Body frame positions (nbody × 3).</summary>
    public ReadOnlySpan<double> Xpos => new(_xpos, _nbody * 3);

    /// <summary>Body frame orientations, row-major 3×3 (nbody × 9).</summary>
    public ReadOnlySpan<double> Xmat => new(_xmat, _nbody * 9);

    /// <summary>Body centre-of-mass positions (nbody × 3).</summary>
    public ReadOnlySpan<double> Xipos => new(_xipos, _nbody * 3);

    /// <summary>Geom positions (ngeom × 3).</summary>
    public ReadOnlySpan<double> GeomXpos => new(_geomXpos, _ngeom * 3);

    /// <summary>Geom orientations, row-major 3×3 (ngeom × 9).</summary>
    public ReadOnlySpan<double> GeomXmat => new(_geomXmat, _ngeom * 9);

    /// <summary>Sensor readings (nsensordata).</summary>
    public ReadOnlySpan<double> SensorData => new(_sensordata, _nsensordata);

    /// <summary>Simulation time.</summary>
    public double Time => *(double*)((byte*)_d + MjDataOffsets.time);

    /// <summary>Sum of MuJoCo's warning counters (grows when MuJoCo warns, e.g. of bad accelerations).</summary>
    public int WarningCount
    {
        get
        {
            byte* warnings = (byte*)_d + MjDataOffsets.warning;
            int total = 0;
            for (int i = 0; i < MjConstants.mjNWARNING; i++)
                total += *(int*)(warnings + i * MjDataOffsets.SizeOfWarningStat + MjDataOffsets.WarningStat_number);
            return total;
        }
    }

    /// <summary>The state of <c>mj_resetData</c> (qpos = qpos0, qvel = 0, ctrl = 0, time = 0, warnings cleared), restored from copies.</summary>
    public void Reset()
    {
        var data = new Span<byte>((void*)_d, MjDataOffsets.SizeOf);
        _pristineStruct.AsSpan(0, MjDataOffsets.solver).CopyTo(data);
        _pristineStruct.AsSpan(SolverEnd, MjDataOffsets.buffer - SolverEnd).CopyTo(data[SolverEnd..]);
        foreach (var (array, pristine) in _pristineArrays) pristine.CopyTo(new Span<double>((void*)array, pristine.Length));
    }

    /// <summary><c>mj_resetData</c> itself: the reference <see cref="Reset"/> is tested against.</summary>
    internal void ResetNative() => MuJoCoNative.mj_resetData(_m, _d);

    /// <summary>The bytes <see cref="Reset"/> restores (struct fields and arrays), for comparing with <see cref="ResetNative"/>.</summary>
    internal byte[] RestoredBytes()
    {
        var data = new ReadOnlySpan<byte>((void*)_d, MjDataOffsets.SizeOf);
        var bytes = new List<byte>(data[..MjDataOffsets.solver].ToArray());
        bytes.AddRange(data[SolverEnd..MjDataOffsets.buffer].ToArray());
        foreach (var (array, pristine) in _pristineArrays)
            bytes.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<double>((void*)array, pristine.Length)).ToArray());
        return bytes.ToArray();
    }

    /// <summary>End of the per-iteration solver statistics in the struct (they report on a step and are never read back).</summary>
    private const int SolverEnd = MjDataOffsets.solver_iter;

    /// <summary><c>mj_step</c>: one full physics step.</summary>
    public void Step() => MuJoCoNative.mj_step(_m, _d);

    /// <summary><c>mj_step1</c>: position and velocity stages of a step.</summary>
    public void Step1() => MuJoCoNative.mj_step1(_m, _d);

    /// <summary><c>mj_step2</c>: the rest of a step begun by <see cref="Step1"/> or <see cref="Forward"/>.</summary>
    public void Step2() => MuJoCoNative.mj_step2(_m, _d);

    /// <summary><c>mj_forward</c>: computes every derived quantity of the current state without integrating.</summary>
    public void Forward() => MuJoCoNative.mj_forward(_m, _d);

    /// <summary><c>mj_forward</c> with actuation disabled for the call (dm_control's reset).</summary>
    public void ForwardWithoutActuation()
    {
        int flags = Model.DisableFlags;
        Model.DisableFlags = flags | MjConstants.mjDSBL_ACTUATION;
        try { Forward(); }
        finally { Model.DisableFlags = flags; }
    }

    private double* Pointer(int offset) => *(double**)((byte*)_d + offset);

    /// <summary>Frees the native data (the model stays with its owner).</summary>
    public void Dispose() => _handle.Dispose();
}
