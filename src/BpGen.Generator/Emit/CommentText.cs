using System.Globalization;
using System.Text;

namespace BpGen.Generator.Emit;

/// <summary>
/// Text the user wrote (a Weights file name) made safe for the generated code's comments, so no name,
/// however odd, breaks a comment or its XML documentation.
/// </summary>
internal static class CommentText
{
    /// <summary>For a // comment: control characters, which could end the line and the comment, as \uXXXX.</summary>
    public static string Line(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
            {
                result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>For a /// documentation comment: as <see cref="Line"/>, with &amp;, &lt; and &gt; as XML entities.</summary>
    public static string Xml(string text) => Line(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
