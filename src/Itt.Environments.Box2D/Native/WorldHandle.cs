using Microsoft.Win32.SafeHandles;

namespace Itt.Environments.Box2D.Native;

/// <summary>Owns one native Box2D world (with its bodies, joints and contact listener).</summary>
internal sealed class WorldHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the marshaller.</summary>
    public WorldHandle() : base(ownsHandle: true) { }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Box2DShim.WorldDestroy(handle);
        return true;
    }
}
