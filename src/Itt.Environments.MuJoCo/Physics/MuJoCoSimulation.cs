using Itt.Environments.MuJoCo.Native;

namespace Itt.Environments.MuJoCo.Physics;

/// <summary>Thrown when MuJoCo raises a warning during a step (dm_control's <c>PhysicsError</c>).</summary>
public sealed class MuJoCoPhysicsException(string message) : Exception(message);

/// <summary>
/// The state of one simulation (<c>mjData</c>) of a <see cref="MuJoCoModel"/>. The arrays are spans over native
/// memory whose pointers are read once at construction (mj_makeData never moves them), so stepping and reading
/// allocate nothing.
/// </summary>
/// <remarks>
/// <see cref="Reset"/> restores a copy of the freshly reset <c>mjData</c>: the struct itself (sizes, counters, warning,
/// timer and solver statistics, time, energy, and the array pointers, which never change) and its buffer of arrays
/// (qpos = qpos0, everything else zero). That is every byte <c>mj_resetData</c> writes except its stack, which is
/// scratch space every function fills before reading; clearing the stack (megabytes) was most of a reset's cost.
/// The tests check the bytes and the trajectories against <c>mj_resetData</c> for every task.
/// </remarks>
public sealed unsafe class MuJoCoSimulation : IDisposable
{
    private readonly DataHandle _handle;
    private readonly IntPtr _m, _d;
    private readonly byte* _buffer;
    private readonly int _bufferBytes;
    private readonly byte[] _pristineStruct = new byte[MjDataOffsets.SizeOf];
    private readonly byte[] _pristineBuffer;
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
        _buffer = *(byte**)((byte*)_d + MjDataOffsets.buffer);
        _bufferBytes = *(int*)((byte*)_d + MjDataOffsets.nbuffer);
        _pristineBuffer = new byte[_bufferBytes];
        ResetNative();
        new ReadOnlySpan<byte>((void*)_d, MjDataOffsets.SizeOf).CopyTo(_pristineStruct);
        new ReadOnlySpan<byte>(_buffer, _bufferBytes).CopyTo(_pristineBuffer);
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

    /// <summary>The state of <c>mj_resetData</c> (qpos = qpos0, qvel = 0, ctrl = 0, time = 0, statistics cleared), restored from a copy.</summary>
    public void Reset()
    {
        _pristineStruct.CopyTo(new Span<byte>((void*)_d, MjDataOffsets.SizeOf));
        _pristineBuffer.CopyTo(new Span<byte>(_buffer, _bufferBytes));
    }

    /// <summary><c>mj_resetData</c> itself (clears the stack too): the reference <see cref="Reset"/> is tested against.</summary>
    internal void ResetNative() => MuJoCoNative.mj_resetData(_m, _d);

    /// <summary>The bytes of the struct and of the array buffer (not the stack), for comparing two states.</summary>
    internal byte[] StateBytes() => [.. new ReadOnlySpan<byte>((void*)_d, MjDataOffsets.SizeOf), .. new ReadOnlySpan<byte>(_buffer, _bufferBytes)];

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
