using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace BpGen
{
    /// <summary>
    /// Just enough JSON for <see cref="ParameterJson"/>: objects, arrays, strings, numbers (kept as
    /// text so they parse exactly into float or double), true, false and null. Every error names the
    /// position and what was expected.
    /// </summary>
    internal sealed class JsonDocument
    {
        private readonly string _text;
        private int _position;

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
                    if (c == '-' || char.IsDigit(c))
                    {
                        return ParseNumber();
                    }

                    throw Error("a value");
            }
        }

        private Value ParseObject()
        {
            _position++;
            var members = new Dictionary<string, Value>(StringComparer.Ordinal);
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return new Value(new Object(members));
            }

            do
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != '"')
                {
                    throw Error("a member name in quotes");
                }

                string name = ParseString();
                SkipWhitespace();
                Expect(':');
                members[name] = ParseValue();
                SkipWhitespace();
            }
            while (TryConsume(','));

            Expect('}');
            return new Value(new Object(members));
        }

        private Value ParseArray()
        {
            _position++;
            var items = new List<Value>();
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return new Value(items);
            }

            do
            {
                items.Add(ParseValue());
                SkipWhitespace();
            }
            while (TryConsume(','));

            Expect(']');
            return new Value(items);
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
                    case 'u' when _position + 4 <= _text.Length
                        && ushort.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ushort code):
                        text.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        _position--;
                        throw Error("a valid escape after '\\'");
                }
            }

            throw Error("a closing quote");
        }

        private Value ParseNumber()
        {
            int start = _position;
            while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
            {
                _position++;
            }

            return new Value(ValueKind.Number, _text.Substring(start, _position - start));
        }

        private Value Literal(string word, ValueKind kind)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            {
                throw Error("a value");
            }

            _position += word.Length;
            return new Value(kind, word);
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
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

        private InvalidDataException Error(string expected)
        {
            string found = _position < _text.Length ? $"'{_text[_position]}'" : "the end of the text";
            return new InvalidDataException($"Malformed JSON at character {_position}: expected {expected}, but found {found}.");
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

            public Object AsObject(string path) => Kind == ValueKind.Object ? (Object)_content : throw WrongKind(path, "an object");

            public IReadOnlyList<Value> AsArray(string path) => Kind == ValueKind.Array ? (List<Value>)_content : throw WrongKind(path, "an array");

            public string AsString(string path) => Kind == ValueKind.String ? (string)_content : throw WrongKind(path, "a string");

            /// <summary>A number's text; also a string, which is how NaN and ±Infinity are written.</summary>
            public string AsNumberText(string path) => Kind is ValueKind.Number or ValueKind.String ? (string)_content : throw WrongKind(path, "a number");

            public int AsInt32(string path) =>
                Kind == ValueKind.Number && int.TryParse((string)_content, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                    ? value
                    : throw WrongKind(path, "a whole number");

            private InvalidDataException WrongKind(string path, string expected) =>
                new InvalidDataException($"{path} should be {expected}, but it is {(Kind is ValueKind.Object or ValueKind.Array ? "an " + Kind.ToString().ToLowerInvariant() : _content)}.");
        }

        /// <summary>An object's members by name.</summary>
        public sealed class Object
        {
            private readonly Dictionary<string, Value> _members;

            public Object(Dictionary<string, Value> members) => _members = members;

            public Value Get(string name) =>
                _members.TryGetValue(name, out Value? value) ? value : throw new InvalidDataException($"The member \"{name}\" is missing.");
        }
    }
}
