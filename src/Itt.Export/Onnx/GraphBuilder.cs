using System.Runtime.InteropServices;
using Google.Protobuf;
using Itt.Export.Onnx.Format;

namespace Itt.Export.Onnx;

/// <summary>Appends standard-domain nodes and constant tensors to an ONNX graph, naming each value uniquely.</summary>
internal sealed class GraphBuilder
{
    private int _next;

    public GraphProto Graph { get; } = new() { Name = "itt_policy" };

    /// <summary>A float constant of shape <paramref name="dims"/> (row-major values).</summary>
    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
        => Add(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>An int64 constant of shape <paramref name="dims"/>.</summary>
    public string Constant(string name, ReadOnlySpan<long> values, params long[] dims)
        => Add(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    private string Add(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, int count, long[] dims)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        if (dims.Aggregate(1L, (a, b) => a * b) != count) throw new ArgumentException($"{name}: {count} values do not fill shape [{string.Join(",", dims)}]");
        string unique = Unique(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return unique;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => Nodes(op, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs.</summary>
    public string[] Nodes(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Unique(op) };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(_ => Unique(op.ToLowerInvariant())).ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return names;
    }

    /// <summary>Renames the value <paramref name="value"/> to the graph output <paramref name="name"/> through an Identity node.</summary>
    public void Output(string value, string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var node = new NodeProto { OpType = "Identity", Name = Unique("Identity") };
        node.Input.Add(value);
        node.Output.Add(name);
        Graph.Node.Add(node);
        Graph.Output.Add(ValueInfo(name, type, dims));
    }

    /// <summary>Declares a graph input.</summary>
    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Input.Add(ValueInfo(name, type, dims));

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                                               : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private string Unique(string stem) => $"{stem}_{_next++}";
}
