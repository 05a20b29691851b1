namespace Itt.Environments;

/// <summary>
/// An episode whose simulation became invalid and cannot go on (dm_control's <c>PhysicsError</c>: MuJoCo warned during a
/// step or a reset). Training reads such an episode's return as NaN, which its non-finite-return rule then handles.
/// </summary>
public class SimulationDivergedException(string message) : Exception(message);
