using Microsoft.ML.OnnxRuntime;
using Itt.Export.Onnx;

namespace Itt.Cli.Commands;

/// <summary>An exported policy run by ONNX Runtime (one thread): the deployment path, used by <c>itt eval --onnx</c> and the tests.</summary>
public sealed class OnnxPolicyModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _outputs;

    /// <summary>Loads the model at <paramref name="path"/>; an unreadable or foreign model is an <see cref="ArgumentException"/>.</summary>
    public OnnxPolicyModel(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"ONNX model not found: {path}");
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try { _session = new InferenceSession(path, options); }
        catch (OnnxRuntimeException e)
        {
            _run.Dispose();
            throw new ArgumentException($"not a loadable ONNX model: {path} ({e.Message.Split('\n')[0]})");
        }
        if (!_session.InputMetadata.TryGetValue(OnnxExport.ObservationInput, out var input) || input.Dimensions.Length != 2
            || !_session.OutputMetadata.TryGetValue(OnnxExport.ActionOutput, out var output) || output.Dimensions.Length != 2)
        {
            _session.Dispose();
            _run.Dispose();
            throw new ArgumentException($"not an exported itt policy (no '{OnnxExport.ObservationInput}' input and '{OnnxExport.ActionOutput}' output of two dimensions): {path}");
        }
        ObservationSize = input.Dimensions[1];
        ActionSize = output.Dimensions[1];
        _outputs = _session.OutputMetadata.ContainsKey(OnnxExport.IndexOutput)
            ? [OnnxExport.ActionOutput, OnnxExport.IndexOutput] : [OnnxExport.ActionOutput];
        Metadata = _session.ModelMetadata.CustomMetadataMap;
    }

    /// <summary>The model's <c>itt.*</c> metadata (kind, environment, N and seed of A*).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Observation length the model takes.</summary>
    public int ObservationSize { get; }

    /// <summary>Action length the model returns.</summary>
    public int ActionSize { get; }

    /// <summary>Actions (row-major [batch, action size]) and chosen indices (null for an explicit box policy) of a batch of observations.</summary>
    public (float[] Actions, long[]? Indices) Run(float[] observations, int batch)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(observations, [batch, ObservationSize]);
        using var results = _session.Run(_run, [OnnxExport.ObservationInput], [input], _outputs);
        var actions = results[0].GetTensorDataAsSpan<float>().ToArray();
        return (actions, results.Count > 1 ? results[1].GetTensorDataAsSpan<long>().ToArray() : null);
    }

    /// <summary>Writes the action for one observation.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action) => Run(observation.ToArray(), 1).Actions.CopyTo(action);

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}
