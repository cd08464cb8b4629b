namespace BpGen.Tests.Runtime;

/// <summary>
/// Writes protocol buffers wire format, for ONNX files torch does not export: other storage types,
/// attributes no dense network has, broken graphs. Field numbers are onnx.proto's.
/// </summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();

    public byte[] ToArray() => _bytes.ToArray();

    public ProtoWriter Varint(int field, long value)
    {
        Key(field, 0);
        Raw((ulong)value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Key(field, 5);
        _bytes.Write(BitConverter.GetBytes(value));
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Key(field, 2);
        Raw((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        return Bytes(field, inner.ToArray());
    }

    private void Key(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.WriteByte((byte)value);
    }
}

/// <summary>ONNX messages built from <see cref="ProtoWriter"/>: models, nodes, attributes, tensors, values.</summary>
public static class OnnxBuild
{
    /// <summary>ModelProto: ir_version 1, graph 7, opset_import 8 (domain 1, version 2).</summary>
    public static byte[] Model(Action<ProtoWriter> graph, long opset = 14) =>
        new ProtoWriter().Varint(1, 8).Message(7, graph).Message(8, o => o.String(1, "").Varint(2, opset)).ToArray();

    /// <summary>GraphProto.node 1: input 1, output 2, name 3, op_type 4, attribute 5, domain 7.</summary>
    public static Action<ProtoWriter> Node(string op, string name, string[] inputs, string output, params Action<ProtoWriter>[] attributes) => g => g.Message(1, n =>
    {
        foreach (string input in inputs)
        {
            n.String(1, input);
        }

        n.String(2, output).String(3, name).String(4, op);
        foreach (var attribute in attributes)
        {
            n.Message(5, attribute);
        }
    });

    /// <summary>AttributeProto: name 1, f 2, type 20 (FLOAT 1).</summary>
    public static Action<ProtoWriter> FloatAttribute(string name, float value) => a => a.String(1, name).Float(2, value).Varint(20, 1);

    /// <summary>AttributeProto: name 1, i 3, type 20 (INT 2).</summary>
    public static Action<ProtoWriter> IntAttribute(string name, long value) => a => a.String(1, name).Varint(3, value).Varint(20, 2);

    /// <summary>GraphProto.initializer 5, a FLOAT TensorProto in raw_data (dims 1, data_type 2, name 8, raw_data 9).</summary>
    public static Action<ProtoWriter> Floats(string name, long[] dims, params float[] values) =>
        Tensor(name, dims, 1, t => t.Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray()));

    /// <summary>GraphProto.initializer 5, a DOUBLE TensorProto in raw_data (data_type 11).</summary>
    public static Action<ProtoWriter> Doubles(string name, long[] dims, params double[] values) =>
        Tensor(name, dims, 11, t => t.Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray()));

    /// <summary>GraphProto.initializer 5 with any element type and data fields.</summary>
    public static Action<ProtoWriter> Tensor(string name, long[] dims, int dataType, Action<ProtoWriter> data) => g => g.Message(5, t =>
    {
        foreach (long dim in dims)
        {
            t.Varint(1, dim);
        }

        t.Varint(2, dataType).String(8, name);
        data(t);
    });

    /// <summary>GraphProto.input 11: ValueInfoProto name 1, type 2 → tensor_type 1 (elem_type 1, shape 2 → dim 1 (dim_param 2 "batch", dim_value 1)).</summary>
    public static Action<ProtoWriter> Input(string name, long width) => g => g.Message(11, v => v.String(1, name).Message(2, t => t.Message(1, tt => tt
        .Varint(1, 1)
        .Message(2, s => s.Message(1, d => d.String(2, "batch")).Message(1, d => d.Varint(1, width))))));

    /// <summary>GraphProto.output 12, by name only.</summary>
    public static Action<ProtoWriter> Output(string name) => g => g.Message(12, v => v.String(1, name));

    /// <summary>A layer's weights, 2 × 3: W^1 of the hand-built graphs.</summary>
    public static readonly float[] W = { 1, 2, 3, 4, 5, 6 };

    /// <summary>x [batch, 3] → Gemm 'fc' (W [2, 3], b [2] = 0) → h, then the rest.</summary>
    public static byte[] OneLayerThen(params Action<ProtoWriter>[] rest) => Model(Graph(
        new[] { Input("x", 3), Node("Gemm", "fc", new[] { "x", "W", "b" }, "h", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Floats("b", new long[] { 2 }, 0, 0) }
            .Concat(rest).ToArray()));

    public static Action<ProtoWriter> Graph(params Action<ProtoWriter>[] parts) => g =>
    {
        foreach (var part in parts)
        {
            part(g);
        }
    };
}
