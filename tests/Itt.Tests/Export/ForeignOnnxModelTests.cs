using Google.Protobuf;
using Itt.Cli.Commands;
using Itt.Export.Onnx;
using Itt.Export.Onnx.Format;
using Itt.Tests.Training;

namespace Itt.Tests.Export;

/// <summary>A model with our input and output names but other ranks is not taken for an exported policy.</summary>
public sealed class ForeignOnnxModelTests
{
    /// <summary>observation (of <paramref name="inputRank"/>) → Unsqueeze → action (of <paramref name="outputRank"/> = input rank + 1, or the same rank via Identity).</summary>
    private static string Model(TempFolder root, int inputRank, int outputRank)
    {
        var g = new GraphBuilder();
        object[] input = inputRank == 2 ? ["batch", 4] : [4];
        g.Input(OnnxExport.ObservationInput, TensorProto.Types.DataType.Float, input);
        string x = OnnxExport.ObservationInput;
        if (outputRank == inputRank + 1) x = g.Node("Unsqueeze", [x, g.Constant("axes", [0L], 1)]);
        else Assert.Equal(inputRank, outputRank);
        object[] output = outputRank == inputRank ? input : [1, .. input];
        g.Output(x, OnnxExport.ActionOutput, TensorProto.Types.DataType.Float, output);
        var model = new ModelProto { IrVersion = 8, Graph = g.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExport.OpsetVersion });
        string path = Path.Combine(root.Path, $"in{inputRank}-out{outputRank}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    public void AModelOfOtherRanksIsRefusedNamingWhatIsExpected(int inputRank, int outputRank)
    {
        using var root = new TempFolder();
        string path = Model(root, inputRank, outputRank);
        var e = Assert.Throws<ArgumentException>(() => new OnnxPolicyModel(path));
        Assert.Equal($"not an exported itt policy (no 'observation' input and 'action' output of two dimensions): {path}", e.Message);
    }

    [Fact]
    public void TheSameConstructionWithTwoDimensionsOnBothSidesLoadsAndRuns()
    {
        using var root = new TempFolder();
        using var model = new OnnxPolicyModel(Model(root, 2, 2)); // the control: the refusals above are about rank alone
        Assert.Equal((4, 4), (model.ObservationSize, model.ActionSize));
        Assert.Equal([1f, 2f, 3f, 4f], model.Run([1f, 2f, 3f, 4f], 1).Actions);
    }
}
