// Running totals of a UsmpClient (client.Counters), readable at any time without allocating:
// plain long/int properties over fields, no collections, nothing boxed. They count from the
// client's creation across sessions (Reset() starts over). Only the client's thread moves them;
// read them there (on the 32-bit ESP32 a long read racing a write from another thread can tear).
//
// Frames and bytes are session frames as they cross the wire (header + nonce + ciphertext + tag;
// DATA, DATA_FRAG, PING, PONG, REKEY, BYE); handshake frames, UTACKs and retransmissions are not
// in them (retransmissions have their own count). FramesReceived counts every frame the transport
// handed to the session, dropped ones included; FramesDropped is how many of those (plus datagrams
// the UDP transport dropped itself) were refused, by reason in the Dropped* fields.
namespace Usmp
{
    public sealed class UsmpCounters
    {
        // The per-frame totals are plain fields the client adds to directly: on the nanoCLR
        // interpreter a property get + set is two managed calls (~1,400 instructions) per count.
        internal long framesSent, bytesSent, framesReceived, bytesReceived, messagesSent, messagesReceived;

        public long FramesSent { get { return framesSent; } internal set { framesSent = value; } }
        public long BytesSent { get { return bytesSent; } internal set { bytesSent = value; } }
        public long FramesReceived { get { return framesReceived; } internal set { framesReceived = value; } }
        public long BytesReceived { get { return bytesReceived; } internal set { bytesReceived = value; } }
        public long MessagesSent { get { return messagesSent; } internal set { messagesSent = value; } }
        public long MessagesReceived { get { return messagesReceived; } internal set { messagesReceived = value; } }

        /// <summary>UDP frames sent again for lack of a UTACK.</summary>
        public long Retransmissions { get; internal set; }

        public long FramesDropped { get; internal set; }
        public long DroppedBadTag { get; internal set; }
        public long DroppedReplay { get; internal set; }
        public long DroppedStale { get; internal set; }
        public long DroppedMalformed { get; internal set; }
        public long DroppedOverflow { get; internal set; }
        public long DroppedProtocol { get; internal set; }

        /// <summary>Handshakes completed (Connect succeeded).</summary>
        public int Handshakes { get; internal set; }

        public int HandshakeFailures { get; internal set; }

        /// <summary>Handshakes completed after the first one (reconnects after a session ended).</summary>
        public int Reconnects { get; internal set; }

        /// <summary>REKEYs completed, either side first.</summary>
        public int Rekeys { get; internal set; }

        public int PongsReceived { get; internal set; }

        /// <summary>The drop count of one reason (no allocation).</summary>
        public long Dropped(DropReason reason)
        {
            switch (reason)
            {
                case DropReason.BadTag: return DroppedBadTag;
                case DropReason.Replay: return DroppedReplay;
                case DropReason.Stale: return DroppedStale;
                case DropReason.Malformed: return DroppedMalformed;
                case DropReason.Overflow: return DroppedOverflow;
                case DropReason.Protocol: return DroppedProtocol;
                default: return 0;
            }
        }

        internal void CountDrop(DropReason reason)
        {
            FramesDropped++;
            switch (reason)
            {
                case DropReason.BadTag: DroppedBadTag++; break;
                case DropReason.Replay: DroppedReplay++; break;
                case DropReason.Stale: DroppedStale++; break;
                case DropReason.Malformed: DroppedMalformed++; break;
                case DropReason.Overflow: DroppedOverflow++; break;
                default: DroppedProtocol++; break;
            }
        }

        public void Reset()
        {
            FramesSent = 0; BytesSent = 0; FramesReceived = 0; BytesReceived = 0;
            MessagesSent = 0; MessagesReceived = 0; Retransmissions = 0; FramesDropped = 0;
            DroppedBadTag = 0; DroppedReplay = 0; DroppedStale = 0; DroppedMalformed = 0;
            DroppedOverflow = 0; DroppedProtocol = 0;
            Handshakes = 0; HandshakeFailures = 0; Reconnects = 0; Rekeys = 0; PongsReceived = 0;
        }
    }
}
