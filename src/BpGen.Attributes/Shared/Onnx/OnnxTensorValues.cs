using System.Collections.Generic;
using System.IO;
using static System.FormattableString;
namespace BpGen.Onnx
{
    /// <summary>The values of a stored tensor: weights and scalings as doubles at the file's precision, shapes as 64-bit integers.</summary>
    internal static class OnnxTensorValues
    {
        /// <summary>
        /// <see cref="Doubles"/>, each checked to be finite: weights and biases. Whether a DOUBLE value
        /// fits a float network is for the network's reader to say: a double network takes any finite one.
        /// <paramref name="what"/> names the tensor in messages, e.g. "the weights of layer 2 (node 'fc2' (Gemm))".
        /// </summary>
        public static double[] FiniteDoubles(OnnxTensor tensor, string what)
        {
            double[] values = Doubles(tensor, what);
            for (int i = 0; i < values.Length; i++)
            {
                double value = values[i];
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw FiniteParameters.Error(Invariant($"{OnnxText.Sentence(what)}: element {i} is {(double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "−infinity")}; every weight and bias must be finite."));
                }
            }

            return values;
        }

        /// <summary>
        /// The tensor's values as doubles, row-major, at the file's precision: FLOAT and FLOAT16 widened
        /// (exactly), DOUBLE as stored. Not checked for being finite.
        /// </summary>
        public static double[] Doubles(OnnxTensor tensor, string what)
        {
            CheckInside(tensor, what);
            double[] values = tensor.DataType switch
            {
                OnnxTensor.FloatType => tensor.RawData is byte[] raw ? Decode(raw, 4, what, tensor, (b, i) => (double)LittleEndianBits.ToSingle(LittleEndianBits.UInt32(b, i))) : Widen(tensor.FloatData),
                OnnxTensor.DoubleType => tensor.RawData is byte[] raw ? Decode(raw, 8, what, tensor, (b, i) => LittleEndianBits.ToDouble(LittleEndianBits.UInt64(b, i))) : tensor.DoubleData.ToArray(),
                OnnxTensor.Float16Type => tensor.RawData is byte[] raw ? Decode(raw, 2, what, tensor, (b, i) => LittleEndianBits.HalfToDouble(LittleEndianBits.UInt16(b, i))) : tensor.Int32Data.ConvertAll(v => LittleEndianBits.HalfToDouble((int)(v & 0xFFFF))).ToArray(),
                _ => throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: its values are {TypeName(tensor.DataType)}; weights and scalings must be FLOAT, DOUBLE or FLOAT16.")),
            };
            CheckCount(tensor, values.Length, what);
            return values;
        }

        /// <summary>The tensor's values as INT64, e.g. a Reshape's target shape.</summary>
        public static long[] Int64s(OnnxTensor tensor, string what)
        {
            CheckInside(tensor, what);
            if (tensor.DataType != OnnxTensor.Int64Type)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: its values are {TypeName(tensor.DataType)}; a shape is INT64."));
            }

            long[] values = tensor.RawData is byte[] raw
                ? Decode(raw, 8, what, tensor, (b, i) => (long)LittleEndianBits.UInt64(b, i))
                : tensor.Int64Data.ToArray();
            CheckCount(tensor, values.Length, what);
            return values;
        }

        private static void CheckInside(OnnxTensor tensor, string what)
        {
            if (tensor.IsExternal)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(what)}: its values are stored outside the ONNX file (external data); save the model with its weights inside.");
            }
        }

        private static T[] Decode<T>(byte[] raw, int size, string what, OnnxTensor tensor, System.Func<byte[], int, T> read)
        {
            if (raw.Length % size != 0)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: its raw data of {raw.Length} bytes is not a whole number of {size}-byte {TypeName(tensor.DataType)} values."));
            }

            var values = new T[raw.Length / size];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = read(raw, i * size);
            }

            return values;
        }

        private static double[] Widen(List<float> values) => values.ConvertAll(v => (double)v).ToArray();

        /// <summary>The values stored must be exactly the product of the dimensions.</summary>
        private static void CheckCount(OnnxTensor tensor, long stored, string what)
        {
            long expected = tensor.Dims.Contains(0) ? 0 : 1;
            bool overflows = false;
            foreach (long dim in tensor.Dims)
            {
                if (dim < 0)
                {
                    throw new InvalidDataException($"{OnnxText.Sentence(what)}: its shape {OnnxText.Dimensions(tensor.Dims)} has a negative dimension.");
                }

                if (dim != 0 && expected > long.MaxValue / dim)
                {
                    overflows = true;
                }
                else
                {
                    expected *= dim;
                }
            }

            if (overflows || expected != stored)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: its shape {OnnxText.Dimensions(tensor.Dims)} does not match the {stored} values stored."));
            }
        }

        private static string TypeName(int dataType) => dataType switch
        {
            0 => "UNDEFINED",
            1 => "FLOAT",
            2 => "UINT8",
            3 => "INT8",
            4 => "UINT16",
            5 => "INT16",
            6 => "INT32",
            7 => "INT64",
            8 => "STRING",
            9 => "BOOL",
            10 => "FLOAT16",
            11 => "DOUBLE",
            12 => "UINT32",
            13 => "UINT64",
            16 => "BFLOAT16",
            _ => Invariant($"type {dataType}"),
        };
    }
}
