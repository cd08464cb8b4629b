using System;
using System.IO;
using System.Text;
using static System.FormattableString;

namespace BpGen.Onnx
{
    /// <summary>
    /// Reads the protocol buffers wire format, one field at a time, inside the bounds of one message.
    /// Every length is checked against the bytes left before anything is read or allocated, so a
    /// truncated or corrupt file stops with an <see cref="InvalidDataException"/>, never past the end.
    /// </summary>
    internal sealed class ProtoReader
    {
        public const int Varint = 0;
        public const int Fixed64 = 1;
        public const int LengthDelimited = 2;
        public const int Fixed32 = 5;

        private readonly byte[] _bytes;
        private readonly int _end;
        private readonly string _message;
        private int _position;

        public ProtoReader(byte[] bytes, string message)
            : this(bytes, 0, bytes.Length, message)
        {
        }

        private ProtoReader(byte[] bytes, int start, int end, string message)
        {
            _bytes = bytes;
            _position = start;
            _end = end;
            _message = message;
        }

        /// <summary>The wire type of the field <see cref="NextField"/> found.</summary>
        public int WireType { get; private set; }

        /// <summary>Moves to the next field of this message and returns its number, or 0 at the end.</summary>
        public int NextField()
        {
            if (_position == _end)
            {
                return 0;
            }

            ulong key = ReadVarint();
            WireType = (int)(key & 7);
            ulong field = key >> 3;
            if (field == 0 || field > int.MaxValue || WireType is not (Varint or Fixed64 or LengthDelimited or Fixed32))
            {
                throw Corrupt(Invariant($"field {field} of wire type {WireType}"));
            }

            return (int)field;
        }

        public long Int64()
        {
            Expect(Varint);
            return (long)ReadVarint();
        }

        public float Float()
        {
            Expect(Fixed32);
            return LittleEndianBits.ToSingle(ReadFixed32());
        }

        public double Double()
        {
            Expect(Fixed64);
            return LittleEndianBits.ToDouble(LittleEndianBits.UInt64(_bytes, Advance(8)));
        }

        public string String()
        {
            ProtoReader content = Message(_message);
            return Encoding.UTF8.GetString(content._bytes, content._position, content._end - content._position);
        }

        /// <summary>The bytes of a length-delimited field, as a copy.</summary>
        public byte[] Bytes()
        {
            ProtoReader content = Message(_message);
            var copy = new byte[content._end - content._position];
            Array.Copy(content._bytes, content._position, copy, 0, copy.Length);
            return copy;
        }

        /// <summary>A reader over the embedded message <paramref name="name"/> in this length-delimited field.</summary>
        public ProtoReader Message(string name)
        {
            Expect(LengthDelimited);
            ulong length = ReadVarint();
            if (length > (ulong)(_end - _position))
            {
                throw Truncated(Invariant($"a field of {length} bytes where {_end - _position} are left"));
            }

            int start = _position;
            _position += (int)length;
            return new ProtoReader(_bytes, start, _position, name);
        }

        /// <summary>
        /// Reads a repeated scalar field of <paramref name="wireType"/>, packed (one length-delimited
        /// run) or not (one value), and passes each value to <paramref name="add"/>.
        /// </summary>
        public void Repeated<T>(int wireType, Func<ProtoReader, T> read, Action<T> add)
        {
            if (WireType != LengthDelimited)
            {
                add(read(this));
                return;
            }

            ProtoReader packed = Message(_message);
            packed.WireType = wireType;
            while (packed._position < packed._end)
            {
                add(read(packed));
            }
        }

        /// <summary>Skips the current field, whose number this reader does not use.</summary>
        public void Skip()
        {
            switch (WireType)
            {
                case Varint:
                    ReadVarint();
                    break;
                case Fixed64:
                    Advance(8);
                    break;
                case Fixed32:
                    Advance(4);
                    break;
                default:
                    Message(_message);
                    break;
            }
        }

        private void Expect(int wireType)
        {
            if (WireType != wireType)
            {
                throw Corrupt(Invariant($"a field of wire type {WireType} where one of type {wireType} belongs"));
            }
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position == _end)
                {
                    throw Truncated("a number cut off");
                }

                byte b = _bytes[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw Corrupt("a number longer than 10 bytes");
        }

        private uint ReadFixed32()
        {
            return LittleEndianBits.UInt32(_bytes, Advance(4));
        }

        private int Advance(int count)
        {
            if (_end - _position < count)
            {
                throw Truncated(Invariant($"a {count}-byte value where {_end - _position} bytes are left"));
            }

            int start = _position;
            _position += count;
            return start;
        }

        private InvalidDataException Truncated(string found) =>
            new InvalidDataException(Invariant($"The ONNX file is truncated or corrupt: in {_message}, at byte {_position}, it has {found}."));

        private InvalidDataException Corrupt(string found) =>
            new InvalidDataException(Invariant($"The ONNX file is corrupt: in {_message}, at byte {_position}, it has {found}, which protocol buffers do not allow."));
    }
}
