using Itt.Training.Evaluation;

namespace Itt.Cluster.Work;

/// <summary>
/// Gathers the chunk results of one iteration as they arrive, in any order: the first result of a chunk is kept and
/// later ones (resends that both came back) are ignored, so each job's value is present exactly once. The result is
/// placed by job identity through <see cref="JobRunner.Assemble"/>, which makes it independent of chunking and order.
/// </summary>
public sealed class ChunkCollector
{
    private readonly ChunkRange[] _ranges;
    private readonly double[] _values;
    private readonly long[] _steps;
    private readonly bool[] _done;
    private readonly object _gate = new();
    private int _remaining;

    /// <summary>A collector for <paramref name="jobCount"/> jobs cut into <paramref name="ranges"/>.</summary>
    public ChunkCollector(int jobCount, ChunkRange[] ranges)
    {
        _ranges = ranges;
        _values = new double[jobCount];
        _steps = new long[jobCount];
        _done = new bool[ranges.Length];
        _remaining = ranges.Length;
    }

    /// <summary>Results ignored because their chunk was already in.</summary>
    public int Duplicates { get; private set; }

    /// <summary>True once every chunk is in.</summary>
    public bool IsComplete { get { lock (_gate) return _remaining == 0; } }

    /// <summary>Whether chunk <paramref name="chunk"/> is in.</summary>
    public bool IsDone(int chunk) { lock (_gate) return _done[chunk]; }

    /// <summary>Chunks not yet in, ascending.</summary>
    public int[] Missing() { lock (_gate) return Enumerable.Range(0, _done.Length).Where(c => !_done[c]).ToArray(); }

    /// <summary>Records <paramref name="result"/>; returns false (and changes nothing) when its chunk was already in.</summary>
    public bool Accept(ChunkResult result)
    {
        var range = _ranges[result.Key.Chunk];
        if (result.Values.Length != range.Count || result.Steps.Length != range.Count)
            throw new InvalidDataException($"chunk {result.Key} from {result.Worker} has {result.Values.Length} values for {range.Count} jobs");
        lock (_gate)
        {
            if (_done[result.Key.Chunk])
            {
                Duplicates++;
                return false;
            }
            result.Values.CopyTo(_values, range.First);
            result.Steps.CopyTo(_steps, range.First);
            _done[result.Key.Chunk] = true;
            _remaining--;
            return true;
        }
    }

    /// <summary>The iteration's result, once every chunk is in.</summary>
    public EvaluationResult Assemble(EvaluationRequest request, IReadOnlyList<RolloutJob> jobs)
    {
        lock (_gate)
        {
            if (_remaining > 0) throw new InvalidOperationException($"{_remaining} chunks are still missing");
            return JobRunner.Assemble(request, jobs, _values, _steps.Sum());
        }
    }
}
