// A tiny JSON object writer straight into a caller-owned byte[] (ASCII/UTF-8), for the flat
// telemetry object: {"name":number,...}. Numbers are formatted digit by digit into the output,
// property names are copied char by char from their (interned literal) strings, so writing a
// reading allocates nothing at all: no string, no StringBuilder, no boxing. Names must be plain
// ASCII without '"' or '\' (they are our own constants; checked anyway).
// Overflow of the output buffer throws ArgumentException and leaves Length where it was.
using System;

namespace Usmp.DeviceApp
{
    public sealed class JsonWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;
        private bool _needComma;

        public int Length
        {
            get { return _position - _start; }
        }

        public void Reset(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _end = offset + capacity;
            _needComma = false;
        }

        public void BeginObject()
        {
            Put('{');
            _needComma = false;
        }

        public void EndObject()
        {
            Put('}');
        }

        public void Number(string name, long value)
        {
            Name(name);
            PutNumber(value);
        }

        public void Null(string name)
        {
            Name(name);
            PutAscii("null");
        }

        private void Name(string name)
        {
            if (_needComma)
            {
                Put(',');
            }
            Put('"');
            PutAscii(name);
            Put('"');
            Put(':');
            _needComma = true;
        }

        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < ' ' || c > '~' || c == '"' || c == '\\')
                {
                    throw new ArgumentException("JSON name must be printable ASCII without quotes or backslashes");
                }
                Put(c);
            }
        }

        // Decimal, most significant digit first; long.MinValue handled through ulong.
        private void PutNumber(long value)
        {
            ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
            if (value < 0)
            {
                Put('-');
            }
            int digits = 1;
            for (ulong rest = magnitude / 10; rest != 0; rest /= 10)
            {
                digits++;
            }
            Require(digits);
            for (int i = digits - 1; i >= 0; i--)
            {
                _buffer[_position + i] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            _position += digits;
        }

        private void Put(char c)
        {
            Require(1);
            _buffer[_position++] = (byte)c;
        }

        private void Require(int count)
        {
            if (_buffer == null)
            {
                throw new InvalidOperationException("Reset the writer first");
            }
            if (count > _end - _position)
            {
                throw new ArgumentException("JSON output buffer too small");
            }
        }
    }
}
