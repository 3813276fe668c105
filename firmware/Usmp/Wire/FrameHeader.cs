// The 12-byte USMP frame header (shared/spec/usmp-v2.md §1), the only code that reads or
// writes header bytes:
//
//   off  len  field    value / rule
//   0    2    magic    0xABCD u16 LE, wire bytes CD AB
//   2    1    version  0x02
//   3    1    type     §2 packet type; unknown values are rejected
//   4    4    seq      u32 LE
//   8    2    length   u16 LE payload length, <= 480
//   10   2    crc      u16 LE CRC-16/MODBUS over bytes 0-9 then the payload
//   12   len  payload
//
// Bytes 0-9 are also the AEAD's AAD (§5); the native SealFrame/OpenFrame build and check that
// themselves, so session frames never come through Write/ComputeCrc.
using System;
using Usmp.Native;

namespace Usmp
{
    /// <summary>Why a frame was refused, for paths that drop instead of throwing (UDP, §4, §8).</summary>
    public enum FrameStatus
    {
        Ok,
        TooShort,       // fewer than 12 bytes
        BadMagic,
        BadLength,      // declared length > 480
        LengthMismatch, // declared length != bytes available after the header
        BadVersion,
        BadCrc,
        UnknownType
    }

    public static class FrameHeader
    {
        /// <summary>Writes header bytes 0-9 at buffer[offset]; the CRC comes later (WriteCrc) once the payload is in place.</summary>
        public static void Write(byte[] buffer, int offset, PacketType type, uint seq, int length)
        {
            RequireRange(buffer, offset, UsmpConstants.HeaderSize);
            if (length < 0 || length > UsmpConstants.MaxPayload)
            {
                throw new PayloadException("payload length must be 0..480, got " + length.ToString());
            }
            buffer[offset + UsmpConstants.MagicOffset] = UsmpConstants.MagicLow;
            buffer[offset + UsmpConstants.MagicOffset + 1] = UsmpConstants.MagicHigh;
            buffer[offset + UsmpConstants.VersionOffset] = UsmpConstants.Version;
            buffer[offset + UsmpConstants.TypeOffset] = (byte)type;
            WriteUInt32(buffer, offset + UsmpConstants.SeqOffset, seq);
            buffer[offset + UsmpConstants.LengthOffset] = (byte)length;
            buffer[offset + UsmpConstants.LengthOffset + 1] = (byte)(length >> 8);
        }

        /// <summary>Computes the §1 CRC of the frame at frame[offset] (header written, payload in place) and stores it at offset 10.</summary>
        public static void WriteCrc(byte[] frame, int offset)
        {
            ushort crc = ComputeCrc(frame, offset);
            frame[offset + UsmpConstants.CrcOffset] = (byte)crc;
            frame[offset + UsmpConstants.CrcOffset + 1] = (byte)(crc >> 8);
        }

        /// <summary>
        /// §1 CRC over header bytes 0-9 followed by the payload, in ONE native call without a copy of
        /// the frame: bytes 0-9 are moved two places right over the CRC field so that they sit right
        /// before the payload, the CRC is taken over that run, and the header is moved back (the
        /// stored CRC bytes are restored too). The buffer is unchanged when this returns; not for a
        /// buffer another thread reads at the same time.
        /// </summary>
        public static ushort ComputeCrc(byte[] frame, int offset)
        {
            RequireRange(frame, offset, UsmpConstants.HeaderSize);
            int length = ReadLength(frame, offset);
            RequireRange(frame, offset, UsmpConstants.HeaderSize + length);
            byte crcLow = frame[offset + UsmpConstants.CrcOffset];
            byte crcHigh = frame[offset + UsmpConstants.CrcOffset + 1];
            int shift = UsmpConstants.HeaderSize - UsmpConstants.CrcCoveredHeaderSize;   // 2
            MoveHeader(frame, offset, offset + shift);
            ushort crc;
            try
            {
                crc = UsmpCrypto.Crc16(frame, offset + shift, UsmpConstants.CrcCoveredHeaderSize + length);
            }
            finally
            {
                MoveHeader(frame, offset + shift, offset);
                frame[offset + UsmpConstants.CrcOffset] = crcLow;
                frame[offset + UsmpConstants.CrcOffset + 1] = crcHigh;
            }
            return crc;
        }

        /// <summary>
        /// Checks one whole frame frame[offset..offset+length) without throwing: size, magic, declared
        /// length (<= 480 and == length - 12), version, the CRC when checkCrc, and a known type (§1, §2).
        /// </summary>
        public static FrameStatus TryDecode(byte[] frame, int offset, int length, bool checkCrc)
        {
            if (frame == null || offset < 0 || length < 0 || offset > frame.Length - length)
            {
                throw new ArgumentException("offset/length outside the frame buffer");
            }
            if (length < UsmpConstants.HeaderSize)
            {
                return FrameStatus.TooShort;
            }
            if (!HasMagic(frame, offset))
            {
                return FrameStatus.BadMagic;
            }
            int declared = ReadLength(frame, offset);
            if (declared > UsmpConstants.MaxPayload)
            {
                return FrameStatus.BadLength;
            }
            if (declared != length - UsmpConstants.HeaderSize)
            {
                return FrameStatus.LengthMismatch;
            }
            if (frame[offset + UsmpConstants.VersionOffset] != UsmpConstants.Version)
            {
                return FrameStatus.BadVersion;
            }
            if (checkCrc && ComputeCrc(frame, offset) != ReadCrc(frame, offset))
            {
                return FrameStatus.BadCrc;
            }
            if (!PacketTypes.IsKnown(frame[offset + UsmpConstants.TypeOffset]))
            {
                return FrameStatus.UnknownType;
            }
            return FrameStatus.Ok;
        }

        /// <summary>
        /// §1, a TCP receiver's first look at a complete 12-byte header, before it reads the payload:
        /// Ok, BadMagic or BadLength (declared length > 480). Neither failure can resynchronise a stream.
        /// </summary>
        public static FrameStatus CheckPrefix(byte[] header, int offset)
        {
            RequireRange(header, offset, UsmpConstants.HeaderSize);
            if (!HasMagic(header, offset))
            {
                return FrameStatus.BadMagic;
            }
            return ReadLength(header, offset) > UsmpConstants.MaxPayload ? FrameStatus.BadLength : FrameStatus.Ok;
        }

        /// <summary>TryDecode that throws the typed FrameException for anything but Ok; returns the frame's type.</summary>
        public static PacketType Decode(byte[] frame, int offset, int length, bool checkCrc)
        {
            ThrowIfNotOk(TryDecode(frame, offset, length, checkCrc));
            return ReadType(frame, offset);
        }

        /// <summary>Maps a FrameStatus to its FrameException subclass (§4: MagicError, VersionError, PayloadError, CRCError, FrameError).</summary>
        public static void ThrowIfNotOk(FrameStatus status)
        {
            switch (status)
            {
                case FrameStatus.Ok:
                    return;
                case FrameStatus.BadMagic:
                    throw new MagicException("bad frame magic (expected CD AB)");
                case FrameStatus.BadVersion:
                    throw new VersionException("unsupported protocol version (expected 0x02)");
                case FrameStatus.BadCrc:
                    throw new CrcException("frame CRC mismatch");
                case FrameStatus.UnknownType:
                    throw new FrameTypeException("unknown packet type");
                case FrameStatus.BadLength:
                    throw new PayloadException("declared payload length exceeds 480");
                case FrameStatus.LengthMismatch:
                    throw new PayloadException("declared payload length differs from the bytes received");
                default:
                    throw new PayloadException("frame shorter than its 12-byte header");
            }
        }

        /// <summary>§1: bytes 0-1 are CD AB (0xABCD little-endian). The caller has checked that 2 bytes exist.</summary>
        public static bool HasMagic(byte[] frame, int offset)
        {
            return frame[offset + UsmpConstants.MagicOffset] == UsmpConstants.MagicLow
                && frame[offset + UsmpConstants.MagicOffset + 1] == UsmpConstants.MagicHigh;
        }

        /// <summary>
        /// Writes one plaintext frame (handshake frames, §2-§3): header, payload[payloadOffset..+payloadLength)
        /// copied after it, then the CRC. Returns the frame length (12 + payloadLength).
        /// </summary>
        public static int WritePlain(byte[] output, int offset, PacketType type, uint seq, byte[] payload, int payloadOffset, int payloadLength)
        {
            RequireRange(output, offset, UsmpConstants.HeaderSize + payloadLength);
            Write(output, offset, type, seq, payloadLength);
            Array.Copy(payload, payloadOffset, output, offset + UsmpConstants.PayloadOffset, payloadLength);
            WriteCrc(output, offset);
            return UsmpConstants.HeaderSize + payloadLength;
        }

        public static PacketType ReadType(byte[] frame, int offset)
        {
            return (PacketType)frame[offset + UsmpConstants.TypeOffset];
        }

        public static uint ReadSeq(byte[] frame, int offset)
        {
            int at = offset + UsmpConstants.SeqOffset;
            return (uint)frame[at] | ((uint)frame[at + 1] << 8) | ((uint)frame[at + 2] << 16) | ((uint)frame[at + 3] << 24);
        }

        public static int ReadLength(byte[] frame, int offset)
        {
            int at = offset + UsmpConstants.LengthOffset;
            return frame[at] | (frame[at + 1] << 8);
        }

        public static ushort ReadCrc(byte[] frame, int offset)
        {
            int at = offset + UsmpConstants.CrcOffset;
            return (ushort)(frame[at] | (frame[at + 1] << 8));
        }

        // Moves the 10 CRC-covered header bytes within one array. An explicit ordered loop (10
        // iterations) instead of Array.Copy, whose overlap behaviour nanoFramework does not document.
        private static void MoveHeader(byte[] frame, int from, int to)
        {
            if (to > from)
            {
                for (int i = UsmpConstants.CrcCoveredHeaderSize - 1; i >= 0; i--)
                {
                    frame[to + i] = frame[from + i];
                }
            }
            else
            {
                for (int i = 0; i < UsmpConstants.CrcCoveredHeaderSize; i++)
                {
                    frame[to + i] = frame[from + i];
                }
            }
        }

        private static void WriteUInt32(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        private static void RequireRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentException("offset/count outside the buffer");
            }
        }
    }
}
