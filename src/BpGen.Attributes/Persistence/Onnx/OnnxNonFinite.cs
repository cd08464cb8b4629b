using System.IO;

#if BPGEN_GENERATOR
namespace BpGen.Generator.Onnx
#else
namespace BpGen.Onnx
#endif
{
    /// <summary>
    /// A weight that is NaN, infinite, or beyond float's range: malformed data like any other to
    /// ImportOnnx, but its own diagnostic (BPG016) to the generator, which tells it apart by a mark in
    /// the exception's Data (InvalidDataException is sealed).
    /// </summary>
    internal static class OnnxNonFinite
    {
        private const string Mark = "BpGen.NonFiniteWeight";

        public static InvalidDataException Error(string message)
        {
            var error = new InvalidDataException(message);
            error.Data[Mark] = true;
            return error;
        }

        public static bool Is(InvalidDataException error) => error.Data.Contains(Mark);
    }
}
