using System.Collections.Generic;
using System.IO;
using static System.FormattableString;

namespace BpGen.Onnx
{
    /// <summary>
    /// The parts of an ONNX ModelProto a dense network uses, decoded from the wire format with the
    /// field numbers of onnx.proto; every other field is skipped.
    /// </summary>
    internal sealed class OnnxModel
    {
        /// <summary>The version of the default ("" or "ai.onnx") operator set, 0 when none is imported.</summary>
        public long Opset { get; private set; }

        public OnnxGraph Graph { get; private set; } = new OnnxGraph();

        public static OnnxModel Decode(byte[] bytes)
        {
            var model = new OnnxModel();
            var reader = new ProtoReader(bytes, "the model");
            bool hasGraph = false;
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 7:
                        model.Graph = OnnxGraph.Decode(reader.Message("the graph"));
                        hasGraph = true;
                        break;
                    case 8:
                        DecodeOpset(reader.Message("an operator set import"), model);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (!hasGraph)
            {
                throw new InvalidDataException("The file holds no ONNX graph: it is not an ONNX model, or it is empty.");
            }

            return model;
        }

        private static void DecodeOpset(ProtoReader reader, OnnxModel model)
        {
            string domain = "";
            long version = 0;
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 1:
                        domain = reader.String();
                        break;
                    case 2:
                        version = reader.Int64();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (domain is "" or "ai.onnx")
            {
                model.Opset = version;
            }
        }
    }

    /// <summary>A GraphProto: its nodes in file order, initializers, and the names and shapes of its inputs and outputs.</summary>
    internal sealed class OnnxGraph
    {
        public List<OnnxNode> Nodes { get; } = new List<OnnxNode>();

        public List<OnnxTensor> Initializers { get; } = new List<OnnxTensor>();

        public List<OnnxValueInfo> Inputs { get; } = new List<OnnxValueInfo>();

        public List<OnnxValueInfo> Outputs { get; } = new List<OnnxValueInfo>();

        public static OnnxGraph Decode(ProtoReader reader)
        {
            var graph = new OnnxGraph();
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 1:
                        graph.Nodes.Add(OnnxNode.Decode(reader.Message("a node"), graph.Nodes.Count + 1));
                        break;
                    case 5:
                        graph.Initializers.Add(OnnxTensor.Decode(reader.Message("an initializer")));
                        break;
                    case 11:
                        graph.Inputs.Add(OnnxValueInfo.Decode(reader.Message("a graph input")));
                        break;
                    case 12:
                        graph.Outputs.Add(OnnxValueInfo.Decode(reader.Message("a graph output")));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return graph;
        }
    }

    /// <summary>A NodeProto: one operator, the tensors it reads and writes, and its attributes.</summary>
    internal sealed class OnnxNode
    {
        public string Name { get; private set; } = "";

        public string OpType { get; private set; } = "";

        public string Domain { get; private set; } = "";

        public List<string> Inputs { get; } = new List<string>();

        public List<string> Outputs { get; } = new List<string>();

        public List<OnnxAttribute> Attributes { get; } = new List<OnnxAttribute>();

        /// <summary>How messages name the node: "node 'fc1' (Gemm)", or by its place in the file when it has no name.</summary>
        public string Description { get; private set; } = "";

        public static OnnxNode Decode(ProtoReader reader, int number)
        {
            var node = new OnnxNode();
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 1:
                        node.Inputs.Add(reader.String());
                        break;
                    case 2:
                        node.Outputs.Add(reader.String());
                        break;
                    case 3:
                        node.Name = reader.String();
                        break;
                    case 4:
                        node.OpType = reader.String();
                        break;
                    case 5:
                        node.Attributes.Add(OnnxAttribute.Decode(reader.Message("a node attribute")));
                        break;
                    case 7:
                        node.Domain = reader.String();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            node.Description = node.Name.Length > 0 ? $"node '{node.Name}' ({node.OpType})" : Invariant($"the unnamed {node.OpType} node (number {number} in the file)");
            return node;
        }

        /// <summary>The attribute <paramref name="name"/>, or null when the node does not set it.</summary>
        public OnnxAttribute? Attribute(string name) => Attributes.Find(a => a.Name == name);

        /// <summary>The float attribute <paramref name="name"/>, or <paramref name="absent"/> (ONNX's default) when the node does not set it.</summary>
        public float FloatAttribute(string name, float absent) => Attribute(name) is OnnxAttribute a ? a.Float ?? throw NotOfType(name, "a float") : absent;

        /// <summary>The integer attribute <paramref name="name"/>, or <paramref name="absent"/> (ONNX's default) when the node does not set it.</summary>
        public long IntAttribute(string name, long absent) => Attribute(name) is OnnxAttribute a ? a.Int ?? throw NotOfType(name, "an integer") : absent;

        private InvalidDataException NotOfType(string name, string type) =>
            new InvalidDataException($"{OnnxText.Sentence(Description)} has an attribute '{name}' without {type} value, which it must have.");
    }

    /// <summary>An AttributeProto's name and the values the operators BpGen reads use.</summary>
    internal sealed class OnnxAttribute
    {
        public string Name { get; private set; } = "";

        public float? Float { get; private set; }

        public long? Int { get; private set; }

        /// <summary>A string attribute (a recurrent node's direction), or null.</summary>
        public string? String { get; private set; }

        public OnnxTensor? Tensor { get; private set; }

        /// <summary>An integer list (a Transpose's perm, an opset-9 Squeeze's axes).</summary>
        public List<long> Ints { get; } = new List<long>();

        /// <summary>A float list (a recurrent node's activation_alpha).</summary>
        public List<float> Floats { get; } = new List<float>();

        /// <summary>A string list (a recurrent node's activations).</summary>
        public List<string> Strings { get; } = new List<string>();

        public static OnnxAttribute Decode(ProtoReader reader)
        {
            var attribute = new OnnxAttribute();
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 1:
                        attribute.Name = reader.String();
                        break;
                    case 2:
                        attribute.Float = reader.Float();
                        break;
                    case 3:
                        attribute.Int = reader.Int64();
                        break;
                    case 4:
                        attribute.String = reader.String();
                        break;
                    case 5:
                        attribute.Tensor = OnnxTensor.Decode(reader.Message("an attribute's tensor"));
                        break;
                    case 7:
                        reader.Repeated(ProtoReader.Fixed32, r => r.Float(), attribute.Floats.Add);
                        break;
                    case 8:
                        reader.Repeated(ProtoReader.Varint, r => r.Int64(), attribute.Ints.Add);
                        break;
                    case 9:
                        attribute.Strings.Add(reader.String());
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return attribute;
        }
    }

    /// <summary>A ValueInfoProto's name and, when the file gives them, its tensor's dimensions (−1 where symbolic).</summary>
    internal sealed class OnnxValueInfo
    {
        public string Name { get; private set; } = "";

        /// <summary>The dimensions, or null when the file gives no shape.</summary>
        public List<long>? Shape { get; private set; }

        public static OnnxValueInfo Decode(ProtoReader reader)
        {
            var info = new OnnxValueInfo();
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 1:
                        info.Name = reader.String();
                        break;
                    case 2:
                        info.DecodeType(reader.Message("a value's type"));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return info;
        }

        // TypeProto.tensor_type (1) → TypeProto.Tensor.shape (2) → TensorShapeProto.dim (1) → Dimension.dim_value (1).
        private void DecodeType(ProtoReader type)
        {
            while (type.NextField() is int field and not 0)
            {
                if (field != 1)
                {
                    type.Skip();
                    continue;
                }

                ProtoReader tensorType = type.Message("a tensor type");
                while (tensorType.NextField() is int tensorField and not 0)
                {
                    if (tensorField != 2)
                    {
                        tensorType.Skip();
                        continue;
                    }

                    Shape = new List<long>();
                    ProtoReader shape = tensorType.Message("a tensor shape");
                    while (shape.NextField() is int shapeField and not 0)
                    {
                        if (shapeField == 1)
                        {
                            Shape.Add(DecodeDimension(shape.Message("a tensor dimension")));
                        }
                        else
                        {
                            shape.Skip();
                        }
                    }
                }
            }
        }

        private static long DecodeDimension(ProtoReader dimension)
        {
            long value = -1;
            while (dimension.NextField() is int field and not 0)
            {
                if (field == 1)
                {
                    value = dimension.Int64();
                }
                else
                {
                    dimension.Skip();
                }
            }

            return value;
        }
    }

    /// <summary>A TensorProto as stored: dimensions, element type, and whichever data field holds the values.</summary>
    internal sealed class OnnxTensor
    {
        public const int FloatType = 1;
        public const int Int64Type = 7;
        public const int Float16Type = 10;
        public const int DoubleType = 11;

        public string Name { get; private set; } = "";

        public List<long> Dims { get; } = new List<long>();

        public int DataType { get; private set; }

        public byte[]? RawData { get; private set; }

        public List<float> FloatData { get; } = new List<float>();

        public List<double> DoubleData { get; } = new List<double>();

        public List<long> Int32Data { get; } = new List<long>();

        public List<long> Int64Data { get; } = new List<long>();

        /// <summary>True when the values live in another file (data_location EXTERNAL).</summary>
        public bool IsExternal { get; private set; }

        public static OnnxTensor Decode(ProtoReader reader)
        {
            var tensor = new OnnxTensor();
            while (reader.NextField() is int field and not 0)
            {
                switch (field)
                {
                    case 1:
                        reader.Repeated(ProtoReader.Varint, r => r.Int64(), tensor.Dims.Add);
                        break;
                    case 2:
                        tensor.DataType = (int)reader.Int64();
                        break;
                    case 4:
                        reader.Repeated(ProtoReader.Fixed32, r => r.Float(), tensor.FloatData.Add);
                        break;
                    case 5:
                        reader.Repeated(ProtoReader.Varint, r => r.Int64(), tensor.Int32Data.Add);
                        break;
                    case 7:
                        reader.Repeated(ProtoReader.Varint, r => r.Int64(), tensor.Int64Data.Add);
                        break;
                    case 8:
                        tensor.Name = reader.String();
                        break;
                    case 9:
                        tensor.RawData = reader.Bytes();
                        break;
                    case 10:
                        reader.Repeated(ProtoReader.Fixed64, r => r.Double(), tensor.DoubleData.Add);
                        break;
                    case 13:
                        tensor.IsExternal = true;
                        reader.Skip();
                        break;
                    case 14:
                        tensor.IsExternal |= reader.Int64() == 1;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return tensor;
        }
    }
}
