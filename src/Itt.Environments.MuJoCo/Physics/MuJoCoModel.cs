using System.Runtime.InteropServices;
using System.Text;
using Itt.Environments.MuJoCo.Native;

namespace Itt.Environments.MuJoCo.Physics;

/// <summary>Thrown when MuJoCo cannot compile a model; the message carries MuJoCo's own error text.</summary>
public sealed class MuJoCoModelException(string message) : Exception(message);

/// <summary>
/// A compiled MuJoCo model (<c>mjModel</c>). Sizes are read from its int fields and arrays are spans over its native
/// arrays, both at the generated offsets of <see cref="MjModelOffsets"/>.
/// </summary>
public sealed unsafe class MuJoCoModel : IDisposable
{
    private const int ErrorBufferSize = 1000;

    // MuJoCo 2.2.2's XML parser and compiler keep global state; rollout threads build their environments at once.
    private static readonly Lock CompilerLock = new();
    private readonly ModelHandle _handle;
    private readonly byte* _model;

    private MuJoCoModel(ModelHandle handle, string name)
    {
        _handle = handle;
        _model = (byte*)handle.DangerousGetHandle();
        Name = name;
    }

    /// <summary>Compiles MJCF text; throws <see cref="MuJoCoModelException"/> with MuJoCo's message when it fails.</summary>
    /// <param name="mjcf">The MJCF document.</param>
    /// <param name="name">A name for messages (also the in-memory file name).</param>
    public static MuJoCoModel Compile(string mjcf, string name)
    {
        MuJoCoLibrary.EnsureAvailable();
        return CompileUnchecked(mjcf, name);
    }

    /// <summary>Compiles without the library check (used by the check itself).</summary>
    internal static MuJoCoModel CompileUnchecked(string mjcf, string name)
    {
        // The compiler reads the document from MuJoCo's virtual file system, so nothing touches the disk.
        byte[] text = Encoding.UTF8.GetBytes(mjcf);
        byte[] fileName = Encoding.UTF8.GetBytes(name + ".xml\0");
        byte* vfs = (byte*)NativeMemory.AllocZeroed((nuint)MjVfsOffsets.SizeOf);
        byte* error = stackalloc byte[ErrorBufferSize];
        error[0] = 0;
        try
        {
            MuJoCoNative.mj_defaultVFS(vfs);
            IntPtr model;
            fixed (byte* file = fileName)
            {
                if (MuJoCoNative.mj_makeEmptyFileVFS(vfs, file, text.Length) != 0)
                    throw new MuJoCoModelException($"model '{name}': could not create its in-memory file");
                int index = MuJoCoNative.mj_findFileVFS(vfs, file);
                byte* contents = *(byte**)(vfs + MjVfsOffsets.filedata + index * sizeof(void*));
                text.AsSpan().CopyTo(new Span<byte>(contents, text.Length));
                lock (CompilerLock) model = MuJoCoNative.mj_loadXML(file, vfs, error, ErrorBufferSize);
            }
            MuJoCoNative.mj_deleteVFS(vfs);
            if (model == IntPtr.Zero)
                throw new MuJoCoModelException($"model '{name}' does not compile: {Marshal.PtrToStringUTF8((IntPtr)error)}");
            return new MuJoCoModel(new ModelHandle(model), name);
        }
        finally
        {
            NativeMemory.Free(vfs);
        }
    }

    /// <summary>Name given at compilation.</summary>
    public string Name { get; }

    internal IntPtr Pointer => (IntPtr)_model;

    /// <summary>Number of generalised coordinates.</summary>
    public int Nq => Int(MjModelOffsets.nq);

    /// <summary>Number of degrees of freedom.</summary>
    public int Nv => Int(MjModelOffsets.nv);

    /// <summary>Number of actuators (controls).</summary>
    public int Nu => Int(MjModelOffsets.nu);

    /// <summary>Number of bodies, the world body included.</summary>
    public int NBody => Int(MjModelOffsets.nbody);

    /// <summary>Number of joints.</summary>
    public int NJnt => Int(MjModelOffsets.njnt);

    /// <summary>Number of geoms.</summary>
    public int NGeom => Int(MjModelOffsets.ngeom);

    /// <summary>Number of sensor values.</summary>
    public int NSensorData => Int(MjModelOffsets.nsensordata);

    /// <summary>Physics timestep (<c>opt.timestep</c>).</summary>
    public double Timestep => *(double*)(_model + MjModelOffsets.opt_timestep);

    /// <summary>Integrator (<c>opt.integrator</c>: 0 Euler, 1 RK4).</summary>
    public int Integrator => Int(MjModelOffsets.opt_integrator);

    /// <summary>Fluid density (<c>opt.density</c>).</summary>
    public double Density => *(double*)(_model + MjModelOffsets.opt_density);

    /// <summary>Fluid viscosity (<c>opt.viscosity</c>).</summary>
    public double Viscosity => *(double*)(_model + MjModelOffsets.opt_viscosity);

    /// <summary>Disabled-feature bit flags (<c>opt.disableflags</c>).</summary>
    public int DisableFlags
    {
        get => Int(MjModelOffsets.opt_disableflags);
        set => *(int*)(_model + MjModelOffsets.opt_disableflags) = value;
    }

    /// <summary>Reference configuration (nq).</summary>
    public Span<double> Qpos0 => Doubles(MjModelOffsets.qpos0, Nq);

    /// <summary>Body masses (nbody).</summary>
    public Span<double> BodyMass => Doubles(MjModelOffsets.body_mass, NBody);

    /// <summary>Principal moments of inertia (nbody × 3).</summary>
    public Span<double> BodyInertia => Doubles(MjModelOffsets.body_inertia, NBody * 3);

    /// <summary>Centre of mass in the body frame (nbody × 3).</summary>
    public Span<double> BodyIpos => Doubles(MjModelOffsets.body_ipos, NBody * 3);

    /// <summary>Principal inertia frame relative to the body frame (nbody × 4).</summary>
    public Span<double> BodyIquat => Doubles(MjModelOffsets.body_iquat, NBody * 4);

    /// <summary>Body positions relative to the parent (nbody × 3).</summary>
    public Span<double> BodyPos => Doubles(MjModelOffsets.body_pos, NBody * 3);

    /// <summary>Geom positions in their body frame (ngeom × 3); writable (dm_control moves targets here).</summary>
    public Span<double> GeomPos => Doubles(MjModelOffsets.geom_pos, NGeom * 3);

    /// <summary>Geom orientations in their body frame (ngeom × 4).</summary>
    public Span<double> GeomQuat => Doubles(MjModelOffsets.geom_quat, NGeom * 4);

    /// <summary>Geom sizes (ngeom × 3).</summary>
    public Span<double> GeomSize => Doubles(MjModelOffsets.geom_size, NGeom * 3);

    /// <summary>Joint types (njnt; see <see cref="MjConstants"/>).</summary>
    public Span<int> JointType => Ints(MjModelOffsets.jnt_type, NJnt);

    /// <summary>Joint limit flags (njnt).</summary>
    public Span<byte> JointLimited => new(*(byte**)(_model + MjModelOffsets.jnt_limited), NJnt);

    /// <summary>Joint ranges (njnt × 2, radians or metres).</summary>
    public Span<double> JointRange => Doubles(MjModelOffsets.jnt_range, NJnt * 2);

    /// <summary>Address of each joint's first coordinate in qpos (njnt).</summary>
    public Span<int> JointQposAddress => Ints(MjModelOffsets.jnt_qposadr, NJnt);

    /// <summary>Actuator control ranges (nu × 2).</summary>
    public Span<double> ActuatorControlRange => Doubles(MjModelOffsets.actuator_ctrlrange, Nu * 2);

    /// <summary>Actuator gear (nu × 6).</summary>
    public Span<double> ActuatorGear => Doubles(MjModelOffsets.actuator_gear, Nu * 6);

    /// <summary>Id of the body <paramref name="name"/>.</summary>
    public int BodyId(string name) => Id(MjConstants.mjOBJ_BODY, name, "body");

    /// <summary>Id of the geom <paramref name="name"/>.</summary>
    public int GeomId(string name) => Id(MjConstants.mjOBJ_GEOM, name, "geom");

    /// <summary>Id of the joint <paramref name="name"/>.</summary>
    public int JointId(string name) => Id(MjConstants.mjOBJ_JOINT, name, "joint");

    private int Id(int type, string name, string kind)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
        int id;
        fixed (byte* p = utf8) id = MuJoCoNative.mj_name2id(Pointer, type, p);
        GC.KeepAlive(_handle);
        return id >= 0 ? id : throw new ArgumentException($"model '{Name}' has no {kind} named '{name}'", nameof(name));
    }

    internal int Int(int offset) => *(int*)(_model + offset);

    private Span<double> Doubles(int pointerOffset, int length) => new(*(double**)(_model + pointerOffset), length);

    private Span<int> Ints(int pointerOffset, int length) => new(*(int**)(_model + pointerOffset), length);

    /// <summary>Frees the native model.</summary>
    public void Dispose() => _handle.Dispose();
}
