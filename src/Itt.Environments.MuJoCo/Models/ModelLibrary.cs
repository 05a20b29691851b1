using System.Globalization;
using System.Text;

namespace Itt.Environments.MuJoCo.Models;

/// <summary>The MJCF documents of the tasks: embedded files, and the procedurally generated dm_control swimmer.</summary>
public static class ModelLibrary
{
    /// <summary>Hopper-v4.</summary>
    public const string Hopper = "hopper";

    /// <summary>Walker2d-v4.</summary>
    public const string Walker2d = "walker2d";

    /// <summary>HalfCheetah-v4.</summary>
    public const string HalfCheetah = "half_cheetah";

    /// <summary>Swimmer-v4.</summary>
    public const string Swimmer = "swimmer";

    /// <summary>InvertedPendulum-v4.</summary>
    public const string InvertedPendulum = "inverted_pendulum";

    /// <summary>dm_control fish.</summary>
    public const string DmFish = "dm_fish";

    /// <summary>dm_control hopper.</summary>
    public const string DmHopper = "dm_hopper";

    /// <summary>dm_control walker.</summary>
    public const string DmWalker = "dm_walker";

    /// <summary>The embedded MJCF file <paramref name="name"/> (one of the constants above).</summary>
    public static string Embedded(string name)
    {
        string resource = $"Itt.Environments.MuJoCo.Models.{name}.xml";
        using var stream = typeof(ModelLibrary).Assembly.GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"no embedded model '{name}'", nameof(name));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// dm_control's swimmer with <paramref name="bodies"/> bodies (docs/environments.md 5.2): a head and <c>bodies − 1</c> segments
    /// chained toward +y, each joint limited to ±360/n degrees, one motor and a velocimeter/gyro pair per segment.
    /// </summary>
    public static string DmSwimmer(int bodies)
    {
        if (bodies < 3) throw new ArgumentOutOfRangeException(nameof(bodies), "the swimmer needs at least 3 bodies");
        var inv = CultureInfo.InvariantCulture;
        string range = (360.0 / bodies).ToString("R", inv);
        var xml = new StringBuilder();
        xml.Append($$"""
            <mujoco model="swimmer{{bodies}}">
              <option timestep="0.002" density="3000">
                <flag contact="disable"/>
              </option>
              <default>
                <default class="swimmer">
                  <joint type="hinge" pos="0 -0.05 0" axis="0 0 1" limited="true" solreflimit="0.05 1" solimplimit="0 0.8 0.1" armature="1e-6"/>
                  <site size="0.01"/>
                  <default class="inertial">
                    <geom type="box" size="0.001 0.05 0.01" mass="0.01"/>
                  </default>
                  <default class="visual">
                    <geom type="capsule" size="0.01" fromto="0 -0.05 0 0 0.05 0" mass="0"/>
                  </default>
                </default>
                <default class="free">
                  <joint limited="false" stiffness="0" armature="0"/>
                </default>
                <motor gear="5e-4" ctrllimited="true" ctrlrange="-1 1"/>
              </default>
              <worldbody>
                <geom name="ground" type="plane" size="2 2 0.1"/>
                <geom name="target" type="sphere" pos="1 1 0.05" size="0.1"/>
                <body name="head" pos="0 0 0.05" childclass="swimmer">
                  <joint name="rootx" class="free" type="slide" axis="1 0 0" pos="0 -0.05 0"/>
                  <joint name="rooty" class="free" type="slide" axis="0 1 0" pos="0 -0.05 0"/>
                  <joint name="rootz" class="free" type="hinge" axis="0 0 1" pos="0 -0.05 0"/>
                  <geom name="head" type="ellipsoid" size="0.02 0.04 0.017" pos="0 -0.022 0" mass="0"/>
                  <geom name="nose" type="sphere" size="0.004" pos="0 -0.06 0" mass="0"/>
                  <geom name="eyes" type="capsule" size="0.004" fromto="-0.006 -0.054 0.005 0.006 -0.054 0.005" mass="0"/>
                  <geom name="inertial" class="inertial"/>
                  <geom name="visual" class="visual"/>
                  <site name="head"/>

            """);
        for (int i = 0; i < bodies - 1; i++)
        {
            string indent = new(' ', 6 + 2 * i);
            xml.Append($"""
                {indent}<body name="segment_{i}" pos="0 0.1 0">
                {indent}  <geom name="visual_{i}" class="visual"/>
                {indent}  <geom name="inertial_{i}" class="inertial"/>
                {indent}  <site name="site_{i}"/>
                {indent}  <joint name="joint_{i}" range="-{range} {range}"/>

                """);
        }
        for (int i = bodies - 2; i >= 0; i--) xml.Append(new string(' ', 6 + 2 * i)).Append("</body>\n");
        xml.Append("""
                </body>
              </worldbody>
              <actuator>

            """);
        for (int i = 0; i < bodies - 1; i++) xml.Append($"    <motor name=\"motor_{i}\" joint=\"joint_{i}\"/>\n");
        xml.Append("""
              </actuator>
              <sensor>
                <framepos name="nose_pos" objtype="geom" objname="nose"/>
                <framepos name="target_pos" objtype="geom" objname="target"/>
                <framexaxis name="head_xaxis" objtype="xbody" objname="head"/>
                <frameyaxis name="head_yaxis" objtype="xbody" objname="head"/>
                <velocimeter name="head_vel" site="head"/>
                <gyro name="head_gyro" site="head"/>

            """);
        for (int i = 0; i < bodies - 1; i++)
            xml.Append($"    <velocimeter name=\"velocimeter_{i}\" site=\"site_{i}\"/>\n    <gyro name=\"gyro_{i}\" site=\"site_{i}\"/>\n");
        xml.Append("  </sensor>\n</mujoco>\n");
        return xml.ToString();
    }
}
