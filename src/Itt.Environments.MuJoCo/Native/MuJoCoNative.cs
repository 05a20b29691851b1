using System.Reflection;
using System.Runtime.InteropServices;

namespace Itt.Environments.MuJoCo.Native;

/// <summary>
/// Every entry point of libmujoco 2.2.2 that the bindings call. The library is bound by its full soname because the
/// unversioned <c>libmujoco.so</c> link ships only with the -dev package. Struct fields are read at the generated
/// offsets of <see cref="MjModelOffsets"/> and <see cref="MjDataOffsets"/>, never through hand-written layouts.
/// </summary>
internal static unsafe class MuJoCoNative
{
    /// <summary>The name the bindings import from; resolved to <see cref="SoName"/>.</summary>
    private const string Library = "mujoco";

    /// <summary>The shared object installed by the Debian package libmujoco2.2.2.</summary>
    public const string SoName = "libmujoco.so.2.2.2";

    static MuJoCoNative() => NativeLibrary.SetDllImportResolver(typeof(MuJoCoNative).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        => name == Library && NativeLibrary.TryLoad(SoName, assembly, path, out var handle) ? handle : IntPtr.Zero;

    /// <summary>Whether the shared object can be loaded at all (touching any import runs the static constructor first).</summary>
    public static bool TryLoad() => NativeLibrary.TryLoad(SoName, typeof(MuJoCoNative).Assembly, null, out _);

    /// <summary>
    /// Sends MuJoCo's warnings to standard error. The library's default handler prints to standard output and
    /// appends to MUJOCO_LOG.TXT in the working directory. (The error handler stays: it must not return, and
    /// managed exceptions cannot cross native frames.)
    /// </summary>
    public static void RouteWarningsToStandardError()
    {
        IntPtr library = NativeLibrary.Load(SoName, typeof(MuJoCoNative).Assembly, null);
        var handler = (delegate* unmanaged<byte*, void>*)NativeLibrary.GetExport(library, "mju_user_warning");
        *handler = &OnWarning;
    }

    [UnmanagedCallersOnly]
    private static void OnWarning(byte* message)
        => Console.Error.WriteLine($"MuJoCo warning: {Marshal.PtrToStringUTF8((IntPtr)message)}");

    [DllImport(Library)] public static extern int mj_version();
    [DllImport(Library)] public static extern void mj_defaultVFS(void* vfs);
    [DllImport(Library)] public static extern int mj_makeEmptyFileVFS(void* vfs, byte* filename, int filesize);
    [DllImport(Library)] public static extern int mj_findFileVFS(void* vfs, byte* filename);
    [DllImport(Library)] public static extern void mj_deleteVFS(void* vfs);
    [DllImport(Library)] public static extern IntPtr mj_loadXML(byte* filename, void* vfs, byte* error, int errorSize);
    [DllImport(Library)] public static extern void mj_deleteModel(IntPtr model);
    [DllImport(Library)] public static extern IntPtr mj_makeData(IntPtr model);
    [DllImport(Library)] public static extern void mj_deleteData(IntPtr data);
    [DllImport(Library)] public static extern void mj_resetData(IntPtr model, IntPtr data);
    [DllImport(Library)] public static extern void mj_step(IntPtr model, IntPtr data);
    [DllImport(Library)] public static extern void mj_step1(IntPtr model, IntPtr data);
    [DllImport(Library)] public static extern void mj_step2(IntPtr model, IntPtr data);
    [DllImport(Library)] public static extern void mj_forward(IntPtr model, IntPtr data);
    [DllImport(Library)] public static extern int mj_name2id(IntPtr model, int type, byte* name);
}
