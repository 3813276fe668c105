// Downlink commands (gateway -> device; not the `usmp gateway` CLI verb): what the gateway may send to the device, as one USMP message of ASCII text, and the
// device's replies (also one message each). Leading/trailing spaces, tabs, CR and LF are ignored;
// commands are lower case and matched exactly.
//
//   command          effect                                   reply
//   ping             none (an application-level liveness)     pong
//   status           none                                     a telemetry reading now (JSON, '{...}')
//   interval=<s>     telemetry every <s> s, 1..86400          ok interval=<s>
//   rekey            the device starts a USMP REKEY (§7)      ok rekey      (sent after the rekey)
//   reboot           closes the session (BYE), reboots        ok reboot     (sent before closing)
//
// Anything else gets "err <reason>" and changes nothing: "err unknown command", "err interval
// must be 1..86400", "err command too long" (> 64 bytes), "err empty command". Commands are not
// a second authentication layer: only the authenticated gateway can send them (USMP session).
// Parsing reads the bytes in place and allocates nothing; constant replies are static arrays.
using System;

namespace Usmp.DeviceApp
{
    public enum DownlinkCommandKind
    {
        Invalid,
        Ping,
        Status,
        SetInterval,
        Rekey,
        Reboot
    }

    public enum DownlinkCommandError
    {
        None,
        Empty,
        TooLong,
        Unknown,
        BadInterval
    }

    public struct DownlinkCommand
    {
        public DownlinkCommandKind Kind;
        public DownlinkCommandError Error;   // why Kind is Invalid
        public int IntervalSeconds;         // SetInterval only
    }

    public static class DownlinkCommands
    {
        public const int MaxCommandLength = 64;
        public const int MaxReplyLength = 40;

        private static readonly byte[] PingWord = Ascii("ping");
        private static readonly byte[] StatusWord = Ascii("status");
        private static readonly byte[] RekeyWord = Ascii("rekey");
        private static readonly byte[] RebootWord = Ascii("reboot");
        private static readonly byte[] IntervalPrefix = Ascii("interval=");

        private static readonly byte[] PongReply = Ascii("pong");
        private static readonly byte[] RekeyReply = Ascii("ok rekey");
        private static readonly byte[] RebootReply = Ascii("ok reboot");
        private static readonly byte[] IntervalReply = Ascii("ok interval=");
        private static readonly byte[] EmptyReply = Ascii("err empty command");
        private static readonly byte[] TooLongReply = Ascii("err command too long");
        private static readonly byte[] UnknownReply = Ascii("err unknown command");
        private static readonly byte[] BadIntervalReply = Ascii("err interval must be 1..86400");

        public static DownlinkCommand Parse(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }
            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            int start = offset;
            int end = offset + count;
            while (start < end && IsSpace(data[start]))
            {
                start++;
            }
            while (end > start && IsSpace(data[end - 1]))
            {
                end--;
            }
            int length = end - start;
            if (length == 0)
            {
                return Invalid(DownlinkCommandError.Empty);
            }
            if (length > MaxCommandLength)
            {
                return Invalid(DownlinkCommandError.TooLong);
            }
            if (Matches(data, start, length, PingWord))
            {
                return Simple(DownlinkCommandKind.Ping);
            }
            if (Matches(data, start, length, StatusWord))
            {
                return Simple(DownlinkCommandKind.Status);
            }
            if (Matches(data, start, length, RekeyWord))
            {
                return Simple(DownlinkCommandKind.Rekey);
            }
            if (Matches(data, start, length, RebootWord))
            {
                return Simple(DownlinkCommandKind.Reboot);
            }
            if (length > IntervalPrefix.Length && Matches(data, start, IntervalPrefix.Length, IntervalPrefix))
            {
                return ParseInterval(data, start + IntervalPrefix.Length, end);
            }
            return Invalid(DownlinkCommandError.Unknown);
        }

        // The reply for a parsed command, written at buffer[offset..]; returns its length, or 0
        // for Status (whose reply is a telemetry reading the caller writes itself).
        public static int WriteReply(ref DownlinkCommand command, byte[] buffer, int offset)
        {
            switch (command.Kind)
            {
                case DownlinkCommandKind.Ping: return Copy(PongReply, buffer, offset);
                case DownlinkCommandKind.Rekey: return Copy(RekeyReply, buffer, offset);
                case DownlinkCommandKind.Reboot: return Copy(RebootReply, buffer, offset);
                case DownlinkCommandKind.Status: return 0;
                case DownlinkCommandKind.SetInterval:
                    int length = Copy(IntervalReply, buffer, offset);
                    return length + WriteDecimal(command.IntervalSeconds, buffer, offset + length);
                default:
                    return Copy(ErrorReply(command.Error), buffer, offset);
            }
        }

        private static byte[] ErrorReply(DownlinkCommandError error)
        {
            switch (error)
            {
                case DownlinkCommandError.Empty: return EmptyReply;
                case DownlinkCommandError.TooLong: return TooLongReply;
                case DownlinkCommandError.BadInterval: return BadIntervalReply;
                default: return UnknownReply;
            }
        }

        // Digits only, no sign, at most 5 of them, within the DeviceConfig interval bounds.
        private static DownlinkCommand ParseInterval(byte[] data, int start, int end)
        {
            if (end - start > 5)
            {
                return Invalid(DownlinkCommandError.BadInterval);
            }
            int value = 0;
            for (int i = start; i < end; i++)
            {
                byte b = data[i];
                if (b < (byte)'0' || b > (byte)'9')
                {
                    return Invalid(DownlinkCommandError.BadInterval);
                }
                value = value * 10 + (b - (byte)'0');
            }
            if (value < DeviceConfig.MinTelemetryIntervalSeconds || value > DeviceConfig.MaxTelemetryIntervalSeconds)
            {
                return Invalid(DownlinkCommandError.BadInterval);
            }
            DownlinkCommand command = Simple(DownlinkCommandKind.SetInterval);
            command.IntervalSeconds = value;
            return command;
        }

        private static bool Matches(byte[] data, int start, int length, byte[] word)
        {
            if (length != word.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (data[start + i] != word[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsSpace(byte b)
        {
            return b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
        }

        private static DownlinkCommand Simple(DownlinkCommandKind kind)
        {
            DownlinkCommand command = new DownlinkCommand();
            command.Kind = kind;
            return command;
        }

        private static DownlinkCommand Invalid(DownlinkCommandError error)
        {
            DownlinkCommand command = new DownlinkCommand();
            command.Kind = DownlinkCommandKind.Invalid;
            command.Error = error;
            return command;
        }

        private static int Copy(byte[] source, byte[] buffer, int offset)
        {
            Array.Copy(source, 0, buffer, offset, source.Length);
            return source.Length;
        }

        private static int WriteDecimal(int value, byte[] buffer, int offset)
        {
            int digits = 1;
            for (int rest = value / 10; rest != 0; rest /= 10)
            {
                digits++;
            }
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[offset + i] = (byte)('0' + value % 10);
                value /= 10;
            }
            return digits;
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }
            return bytes;
        }
    }
}
