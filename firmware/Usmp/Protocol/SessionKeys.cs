// The secrets of one established session (shared/spec/usmp-v2.md §3 step 3, §5, §7):
//   TxKey      32  the key this side seals with   (client: k_c2s, server: k_s2c)
//   RxKey      32  the key this side opens with   (client: k_s2c, server: k_c2s)
//   SessionId  16  from SESSION_OK; bytes 0-7 go into every GCM nonce (not secret, wiped anyway)
// Owner: ClientHandshake creates it and hands it over in TakeSessionKeys; the Session that
// receives it copies the keys into its first KeyEpoch and wipes them here at once (WipeKeys), so
// one copy of each key exists; the session id stays (the client's SessionId) until Close() wipes
// it. REKEY never touches this object: it derives a new KeyEpoch (KeySchedule.cs).
// The factories COPY the caller's arrays; the caller keeps (and wipes) its own.
using System;

namespace Usmp
{
    public sealed class SessionKeys
    {
        private readonly byte[] _txKey = new byte[UsmpConstants.KeySize];
        private readonly byte[] _rxKey = new byte[UsmpConstants.KeySize];
        private readonly byte[] _sessionId = new byte[UsmpConstants.SessionIdSize];

        private SessionKeys()
        {
        }

        public byte[] TxKey
        {
            get { return _txKey; }
        }

        public byte[] RxKey
        {
            get { return _rxKey; }
        }

        public byte[] SessionId
        {
            get { return _sessionId; }
        }

        /// <summary>§3: the client sends with k_c2s and receives with k_s2c.</summary>
        public static SessionKeys ForClient(byte[] kC2s, byte[] kS2c, byte[] sessionId)
        {
            RequireSize(kC2s, UsmpConstants.KeySize, "kC2s");
            RequireSize(kS2c, UsmpConstants.KeySize, "kS2c");
            return Create(kC2s, 0, kS2c, 0, sessionId);
        }

        /// <summary>§3: the server does the opposite: sends with k_s2c, receives with k_c2s.</summary>
        public static SessionKeys ForServer(byte[] kC2s, byte[] kS2c, byte[] sessionId)
        {
            RequireSize(kC2s, UsmpConstants.KeySize, "kC2s");
            RequireSize(kS2c, UsmpConstants.KeySize, "kS2c");
            return Create(kS2c, 0, kC2s, 0, sessionId);
        }

        /// <summary>From the handshake's 64-byte okm = k_c2s ‖ k_s2c.</summary>
        internal static SessionKeys FromKeyBlock(byte[] keyBlock, byte[] sessionId, bool isClient)
        {
            RequireSize(keyBlock, UsmpConstants.SessionKeysSize, "keyBlock");
            int c2s = 0;
            int s2c = UsmpConstants.KeySize;
            return isClient ? Create(keyBlock, c2s, keyBlock, s2c, sessionId) : Create(keyBlock, s2c, keyBlock, c2s, sessionId);
        }

        /// <summary>The session id as 32 lowercase hex digits (the gateway's spelling). Allocates: once per session.</summary>
        internal string SessionIdText()
        {
            const string Digits = "0123456789abcdef";
            char[] text = new char[UsmpConstants.SessionIdSize * 2];
            for (int i = 0; i < UsmpConstants.SessionIdSize; i++)
            {
                text[2 * i] = Digits[_sessionId[i] >> 4];
                text[2 * i + 1] = Digits[_sessionId[i] & 0x0F];
            }
            return new string(text);
        }

        /// <summary>Copies the 16-byte session id to destination[offset..offset+16). No allocation.</summary>
        internal void CopySessionId(byte[] destination, int offset)
        {
            if (destination == null)
            {
                throw new ArgumentNullException("destination");
            }
            if (offset < 0 || offset > destination.Length - UsmpConstants.SessionIdSize)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            Array.Copy(_sessionId, 0, destination, offset, UsmpConstants.SessionIdSize);
        }

        /// <summary>Zeroes both keys and the session id. Idempotent.</summary>
        public void Wipe()
        {
            Secret.Wipe(_txKey);
            Secret.Wipe(_rxKey);
            Array.Clear(_sessionId, 0, _sessionId.Length);   // public: cleared for hygiene
        }

        /// <summary>Zeroes both keys and keeps the session id: a Session copied them into its first key epoch.</summary>
        internal void WipeKeys()
        {
            Secret.Wipe(_txKey);
            Secret.Wipe(_rxKey);
        }

        private static SessionKeys Create(byte[] tx, int txOffset, byte[] rx, int rxOffset, byte[] sessionId)
        {
            RequireSize(sessionId, UsmpConstants.SessionIdSize, "sessionId");
            SessionKeys keys = new SessionKeys();
            Array.Copy(tx, txOffset, keys._txKey, 0, UsmpConstants.KeySize);
            Array.Copy(rx, rxOffset, keys._rxKey, 0, UsmpConstants.KeySize);
            Array.Copy(sessionId, 0, keys._sessionId, 0, UsmpConstants.SessionIdSize);
            return keys;
        }

        private static void RequireSize(byte[] array, int size, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }
            if (array.Length != size)
            {
                throw new ArgumentException(name + " must be exactly " + size.ToString() + " bytes");
            }
        }
    }
}
