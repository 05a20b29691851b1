using Itt.Environments.Box2D;
using Xunit;

namespace Itt.Tests.Box2D;

/// <summary>A fact that is skipped (not failed) where the Box2D shim is not built, like the MuJoCo facts.</summary>
public sealed class Box2DFactAttribute : FactAttribute
{
    public Box2DFactAttribute()
    {
        if (Box2DEnvironments.MissingDependency() is string why) Skip = why;
    }
}

/// <summary>A theory that is skipped (not failed) where the Box2D shim is not built.</summary>
public sealed class Box2DTheoryAttribute : TheoryAttribute
{
    public Box2DTheoryAttribute()
    {
        if (Box2DEnvironments.MissingDependency() is string why) Skip = why;
    }
}
