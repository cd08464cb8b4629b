using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace BpGen.Onnx
{
    /// <summary>Wording shared by the reader's messages.</summary>
    internal static class OnnxText
    {
        /// <summary>The text with its first letter capitalized, so a description ("node 'fc1' (Gemm)") can start a sentence.</summary>
        public static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        /// <summary>"[3, -1]": a shape as messages show it, the same in every culture.</summary>
        public static string Dimensions(IEnumerable<long> dimensions) =>
            "[" + string.Join(", ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
    }
}
