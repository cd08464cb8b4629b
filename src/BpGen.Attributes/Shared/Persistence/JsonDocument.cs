using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using static System.FormattableString;

namespace BpGen
{
    /// <summary>
    /// Just enough JSON for ParameterJson (and the generator's reading of the same documents), read strictly as RFC 8259 defines it: objects,
    /// arrays, strings, numbers (kept as text so they parse exactly into float or double), true, false
    /// and null. Beyond the grammar, a member name may appear only once in an object, and values nest
    /// at most <see cref="MaxDepth"/> deep. Every error names the position, what was expected and what
    /// was found.
    /// </summary>
    internal sealed class JsonDocument
    {
        /// <summary>
        /// A parameter document nests five deep (document, "layers", a layer, "weights", a row); the
        /// margin is for hand-written files. The bound keeps the recursive parser far from the end of
        /// the stack, whose overflow no handler can catch.
        /// </summary>
        public const int MaxDepth = 16;

        private readonly string _text;
        private int _position;
        private int _depth;

        private JsonDocument(string text) => _text = text;

        public static Value Parse(string text)
        {
            var document = new JsonDocument(text);
            Value value = document.ParseValue();
            document.SkipWhitespace();
            if (document._position != text.Length)
            {
                throw document.Error("the end of the document");
            }

            return value;
        }

        private Value ParseValue()
        {
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                throw Error("a value");
            }

            char c = _text[_position];
            switch (c)
            {
                case '{':
                    return ParseObject();
                case '[':
                    return ParseArray();
                case '"':
                    return new Value(ValueKind.String, ParseString());
                case 't':
                    return Literal("true", ValueKind.True);
                case 'f':
                    return Literal("false", ValueKind.False);
                case 'n':
                    return Literal("null", ValueKind.Null);
                default:
                    if (c == '-' || IsDigit(_position))
                    {
                        return ParseNumber();
                    }

                    throw Error("a value");
            }
        }

        private Value ParseObject()
        {
            Enter();
            var members = new Dictionary<string, Value>(StringComparer.Ordinal);
            SkipWhitespace();
            if (TryConsume('}'))
            {
                _depth--;
                return new Value(new Object(members));
            }

            do
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != '"')
                {
                    throw Error("a member name in quotes");
                }

                int start = _position;
                string name = ParseString();
                if (members.ContainsKey(name))
                {
                    throw Error($"\"{name}\" only once in an object", start, "it again");
                }

                SkipWhitespace();
                Expect(':');
                members.Add(name, ParseValue());
                SkipWhitespace();
            }
            while (TryConsume(','));

            Expect('}');
            _depth--;
            return new Value(new Object(members));
        }

        private Value ParseArray()
        {
            Enter();
            var items = new List<Value>();
            SkipWhitespace();
            if (TryConsume(']'))
            {
                _depth--;
                return new Value(items);
            }

            do
            {
                items.Add(ParseValue());
                SkipWhitespace();
            }
            while (TryConsume(','));

            Expect(']');
            _depth--;
            return new Value(items);
        }

        /// <summary>Steps past the '{' or '[' that opens a nested value, refusing one level too deep.</summary>
        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"at most {MaxDepth} nested arrays and objects (a parameter document has 5)");
            }

            _position++;
        }

        private string ParseString()
        {
            _position++;
            var text = new StringBuilder();
            while (_position < _text.Length)
            {
                char c = _text[_position++];
                if (c == '"')
                {
                    return text.ToString();
                }

                if (c < ' ')
                {
                    _position--;
                    throw Error($"a character that is not a control character (escape U+{(int)c:X4} as \\u{(int)c:X4})");
                }

                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }

                if (_position >= _text.Length)
                {
                    break;
                }

                char escape = _text[_position++];
                switch (escape)
                {
                    case '"': text.Append('"'); break;
                    case '\\': text.Append('\\'); break;
                    case '/': text.Append('/'); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u' when IsHex(_position) && IsHex(_position + 1) && IsHex(_position + 2) && IsHex(_position + 3):
                        text.Append((char)int.Parse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                        _position += 4;
                        break;
                    default:
                        _position--;
                        throw Error("a valid escape after '\\'");
                }
            }

            throw Error("a closing quote");
        }

        /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, as JSON has it: no '+', no leading zeros, digits on both sides of the point.</summary>
        private Value ParseNumber()
        {
            int start = _position;
            TryConsume('-');
            if (!TryConsume('0'))
            {
                Digits();
            }

            if (TryConsume('.'))
            {
                Digits();
            }

            if (TryConsume('e') || TryConsume('E'))
            {
                if (!TryConsume('+'))
                {
                    TryConsume('-');
                }

                Digits();
            }

            return new Value(ValueKind.Number, _text.Substring(start, _position - start));
        }

        /// <summary>One or more ASCII digits.</summary>
        private void Digits()
        {
            if (!IsDigit(_position))
            {
                throw Error("a digit");
            }

            while (IsDigit(_position))
            {
                _position++;
            }
        }

        private bool IsDigit(int position) => position < _text.Length && _text[position] is >= '0' and <= '9';

        private bool IsHex(int position) => IsDigit(position) || (position < _text.Length && _text[position] is (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));

        private Value Literal(string word, ValueKind kind)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            {
                throw Error("a value");
            }

            _position += word.Length;
            return new Value(kind, word);
        }

        /// <summary>Skips the four characters JSON calls whitespace (and no other).</summary>
        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private bool TryConsume(char c)
        {
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Error($"'{c}'");
            }
        }

        private InvalidDataException Error(string expected) => Error(expected, _position, null);

        private InvalidDataException Error(string expected, int position, string? found)
        {
            found ??= position >= _text.Length ? "the end of the text"
                : _text[position] is >= ' ' and <= '~' ? $"'{_text[position]}'"
                : $"U+{(int)_text[position]:X4}";
            return new InvalidDataException($"Malformed JSON at character {position}: expected {expected}, but found {found}.");
        }

        public enum ValueKind
        {
            Object,
            Array,
            String,
            Number,
            True,
            False,
            Null,
        }

        /// <summary>One JSON value; the As… methods throw <see cref="InvalidDataException"/> naming the path when the kind is wrong.</summary>
        public sealed class Value
        {
            private readonly object _content;

            public Value(ValueKind kind, string text)
            {
                Kind = kind;
                _content = text;
            }

            public Value(Object members)
            {
                Kind = ValueKind.Object;
                _content = members;
            }

            public Value(List<Value> items)
            {
                Kind = ValueKind.Array;
                _content = items;
            }

            public ValueKind Kind { get; }

            /// <summary>The object, which names itself <paramref name="path"/> in its messages.</summary>
            public Object AsObject(string path) => Kind == ValueKind.Object ? ((Object)_content).At(path) : throw WrongKind(path, "an object");

            public IReadOnlyList<Value> AsArray(string path) => Kind == ValueKind.Array ? (List<Value>)_content : throw WrongKind(path, "an array");

            public string AsString(string path) => Kind == ValueKind.String ? (string)_content : throw WrongKind(path, "a string");

            /// <summary>A number's text.</summary>
            public string AsNumberText(string path) => Kind == ValueKind.Number ? (string)_content : throw WrongKind(path, "a number");

            public int AsInt32(string path) =>
                Kind == ValueKind.Number && int.TryParse((string)_content, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                    ? value
                    : throw WrongKind(path, "a whole number");

            private InvalidDataException WrongKind(string path, string expected) =>
                new InvalidDataException($"{path} should be {expected}, but it is {Describe()}.");

            private string Describe() => Kind switch
            {
                ValueKind.Object => "an object",
                ValueKind.Array => "an array",
                ValueKind.String => "the string " + Shown((string)_content),
                _ => (string)_content,
            };
        }

        /// <summary>
        /// <paramref name="text"/> as a message shows it: quoted, control characters as \uXXXX, and at most
        /// 40 characters of it, so that a hostile document cannot make a message of megabytes.
        /// </summary>
        public static string Shown(string text)
        {
            const int Longest = 40;
            var shown = new StringBuilder("\"");
            foreach (char c in text.Length > Longest ? text.Substring(0, Longest) : text)
            {
                shown.Append(char.IsControl(c) ? string.Format(CultureInfo.InvariantCulture, "\\u{0:X4}", (int)c) : c.ToString());
            }

            return shown.Append(text.Length > Longest ? string.Format(CultureInfo.InvariantCulture, "…\" ({0} characters)", text.Length) : "\"").ToString();
        }

        /// <summary>A name without case or underscores, to find the name a misspelt one meant.</summary>
        public static string Simplified(string name) => name.Replace("_", "").ToUpperInvariant();

        /// <summary>An object's members by name.</summary>
        public sealed class Object
        {
            private readonly Dictionary<string, Value> _members;
            private readonly string _path;

            public Object(Dictionary<string, Value> members)
                : this(members, "the object")
            {
            }

            private Object(Dictionary<string, Value> members, string path)
            {
                _members = members;
                _path = path;
            }

            /// <summary>The names of the object's members.</summary>
            public IEnumerable<string> Names => _members.Keys;

            /// <summary>The same members, the object named <paramref name="path"/> in messages.</summary>
            public Object At(string path) => new Object(_members, path);

            /// <summary>Whether the object has a member <paramref name="name"/>, for members a document may leave out.</summary>
            public bool Has(string name) => _members.ContainsKey(name);

            public Value Get(string name)
            {
                if (_members.TryGetValue(name, out Value? value))
                {
                    return value;
                }

                string simplified = Simplified(name);
                string? meant = _members.Keys.FirstOrDefault(key => Simplified(key) == simplified);
                string found = _members.Count == 0 ? "none" : string.Join(", ", _members.Keys.Take(12).Select(Shown)) + (_members.Count > 12 ? Invariant($" and {_members.Count - 12} more") : "");
                throw new InvalidDataException($"The member \"{name}\" of {_path} is missing{(meant is null ? "" : $" ({Shown(meant)} differs from it in case or underscores only)")}; found {found}.");
            }
        }
    }
}
