using Itt.Environments.Registry;

[assembly: Itt.Environments.Box2D.Box2DFamily]

namespace Itt.Environments.Box2D;

/// <summary>Makes the registry add the Box2D ids when a program references this assembly.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class Box2DFamilyAttribute : EnvironmentFamilyAttribute
{
    /// <inheritdoc />
    public override void Register() => Box2DEnvironments.Register();
}
