using System.Text;

namespace BpGen.Generator.Emit;

/// <summary>Builds indented C# text with '\n' line ends, the same on every machine.</summary>
internal sealed class CodeWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _text.Append(IndentUnit);
            }

            _text.Append(text);
        }

        _text.Append('\n');
    }

    /// <summary>
    /// Writes <paramref name="header"/> and an opening brace and indents what follows, until the
    /// returned scope is disposed: <c>using (w.Block("header")) { ... }</c> closes what it opens.
    /// </summary>
    public BlockScope Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new BlockScope(this);
    }

    private void Close()
    {
        _depth--;
        Line("}");
    }

    /// <summary>An open block; disposing it writes the closing brace.</summary>
    public readonly struct BlockScope : System.IDisposable
    {
        private readonly CodeWriter _writer;

        public BlockScope(CodeWriter writer) => _writer = writer;

        public void Dispose() => _writer.Close();
    }

    /// <summary>
    /// Writes <c>{prefix}t₀ + t₁ + …{suffix}</c>, breaking the sum into lines of
    /// <paramref name="termsPerLine"/> terms so that wide layers stay readable.
    /// </summary>
    public void Sum(string prefix, System.Collections.Generic.IReadOnlyList<string> terms, string suffix, int termsPerLine = 8)
    {
        var line = new StringBuilder(prefix);
        for (int t = 0; t < terms.Count; t++)
        {
            // A negative constant term (a frozen weight) is subtracted: "a - 0.5f * x", not "a + -0.5f * x".
            string term = terms[t];
            bool negative = t > 0 && term.StartsWith("-", System.StringComparison.Ordinal);
            string sign = negative ? "-" : "+";
            if (t > 0)
            {
                if (t % termsPerLine == 0)
                {
                    Line(line.ToString());
                    line.Clear().Append(IndentUnit).Append(sign).Append(' ');
                }
                else
                {
                    line.Append(' ').Append(sign).Append(' ');
                }
            }

            line.Append(negative ? term.Substring(1) : term);
        }

        Line(line.Append(suffix).ToString());
    }

    public override string ToString() => _text.ToString();
}
