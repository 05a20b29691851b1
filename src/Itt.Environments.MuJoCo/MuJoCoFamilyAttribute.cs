using Itt.Environments.Registry;

[assembly: Itt.Environments.MuJoCo.MuJoCoFamily]

namespace Itt.Environments.MuJoCo;

/// <summary>Makes the registry add the MuJoCo ids when a program references this assembly.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class MuJoCoFamilyAttribute : EnvironmentFamilyAttribute
{
    /// <inheritdoc />
    public override void Register() => MuJoCoEnvironments.Register();
}
