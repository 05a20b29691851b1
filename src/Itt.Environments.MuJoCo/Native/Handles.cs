using System.Runtime.InteropServices;

namespace Itt.Environments.MuJoCo.Native;

/// <summary>Owns a compiled <c>mjModel</c>; released with <c>mj_deleteModel</c>.</summary>
internal sealed class ModelHandle : SafeHandle
{
    public ModelHandle(IntPtr model) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(model);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        MuJoCoNative.mj_deleteModel(handle);
        return true;
    }
}

/// <summary>Owns an <c>mjData</c>; released with <c>mj_deleteData</c>.</summary>
internal sealed class DataHandle : SafeHandle
{
    public DataHandle(IntPtr data) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(data);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        MuJoCoNative.mj_deleteData(handle);
        return true;
    }
}
