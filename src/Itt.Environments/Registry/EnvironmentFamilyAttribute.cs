namespace Itt.Environments.Registry;

/// <summary>
/// Marks an assembly that adds environment ids to <see cref="EnvironmentRegistry"/>: derive from it, register the ids in
/// <see cref="Register"/>, and apply it to the assembly (<c>[assembly: MyFamily]</c>). The registry finds it on its first
/// lookup, so a program that merely references the assembly can make its ids.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public abstract class EnvironmentFamilyAttribute : Attribute
{
    /// <summary>Adds the family's specs with <see cref="EnvironmentRegistry.Register"/>.</summary>
    public abstract void Register();
}
