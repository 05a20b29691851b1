using System.Runtime.InteropServices;

namespace Itt.Environments.Box2D.Native;

/// <summary>One body as the shim reports it (layout of <c>itt_body_state</c> in native/box2d-shim/lunar_shim.cpp).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BodyState
{
    /// <summary>Body origin, world frame (m).</summary>
    public float X, Y;
    /// <summary>Body angle (rad).</summary>
    public float Angle;
    /// <summary>Linear velocity of the centre of mass (m/s).</summary>
    public float VelocityX, VelocityY;
    /// <summary>Angular velocity (rad/s).</summary>
    public float AngularVelocity;
    /// <summary>Box2D's awake flag (0 once the body's island has gone to sleep).</summary>
    public int Awake;
    /// <summary>Set by any begin-contact of this body, cleared by any end-contact (Gymnasium's leg flag).</summary>
    public int Touching;
    /// <summary>Set by any begin-contact, kept until cleared (Gymnasium's game-over trigger for the hull).</summary>
    public int Touched;
}

/// <summary>A revolute joint as the shim takes it (layout of <c>itt_revolute_def</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RevoluteJointDefinition
{
    public float AnchorAX, AnchorAY, AnchorBX, AnchorBY;
    public float ReferenceAngle;
    public int EnableLimit;
    public float LowerAngle, UpperAngle;
    public int EnableMotor;
    public float MotorSpeed, MaxMotorTorque;
}
