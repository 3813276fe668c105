// §2 packet types (the byte at header offset 3).
namespace Usmp
{
    public enum PacketType : byte
    {
        Hello = 0x01,       // device_id(6) ‖ pub_C(32) [‖ cookie(16)]
        Challenge = 0x02,   // nonce(32) ‖ pub_S(32)
        HelloAck = 0x03,    // hmac_client(32)
        SessionOk = 0x04,   // session_id(16) ‖ hmac_server(32)
        Data = 0x05,        // encrypted; the last or only chunk of a message
        Ping = 0x06,        // encrypted, empty plaintext
        Pong = 0x07,        // encrypted, empty plaintext
        Bye = 0x08,         // encrypted, empty plaintext
        DataFrag = 0x09,    // encrypted; a non-final chunk
        HelloRetry = 0x0A,  // cookie(16), plaintext, UDP only
        Rekey = 0x0B,       // encrypted salt(32)
        Error = 0xFF        // defined, never sent or handled (§2): rejected like an unknown type
    }

    public static class PacketTypes
    {
        /// <summary>§2: a value we accept on the wire. 0xFF (ERROR) is never handled, so it is refused too.</summary>
        public static bool IsKnown(byte type)
        {
            return type >= (byte)PacketType.Hello && type <= (byte)PacketType.Rekey;
        }

        /// <summary>§2: handshake frames (0x01-0x04 and 0x0A) are plaintext; every other frame is encrypted.</summary>
        public static bool IsHandshake(byte type)
        {
            return (type >= (byte)PacketType.Hello && type <= (byte)PacketType.SessionOk) || type == (byte)PacketType.HelloRetry;
        }

        /// <summary>The spec's name of a type ("HELLO_ACK"), or its hex value; for log lines, never a hot path.</summary>
        public static string Name(byte type)
        {
            switch (type)
            {
                case (byte)PacketType.Hello: return "HELLO";
                case (byte)PacketType.Challenge: return "CHALLENGE";
                case (byte)PacketType.HelloAck: return "HELLO_ACK";
                case (byte)PacketType.SessionOk: return "SESSION_OK";
                case (byte)PacketType.Data: return "DATA";
                case (byte)PacketType.Ping: return "PING";
                case (byte)PacketType.Pong: return "PONG";
                case (byte)PacketType.Bye: return "BYE";
                case (byte)PacketType.DataFrag: return "DATA_FRAG";
                case (byte)PacketType.HelloRetry: return "HELLO_RETRY";
                case (byte)PacketType.Rekey: return "REKEY";
                default: return "0x" + type.ToString("X2");
            }
        }
    }
}
