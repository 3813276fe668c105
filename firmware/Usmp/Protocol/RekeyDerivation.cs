// §7 REKEY key derivation, for both roles, with its own scratch buffers (allocated once per
// session):
//   okm = HKDF-SHA256(initiator_tx ‖ initiator_rx, salt, "usmp-rekey" ‖ session_id, 64)
//   initiator: new tx = okm[0:32], new rx = okm[32:64]
//   responder: initiator_tx = our rx key, initiator_rx = our tx key;
//              new rx = okm[0:32], new tx = okm[32:64]
// The HKDF is ONE native call (UsmpCrypto.RekeyDerive); the new keys replace the old ones in
// the SessionKeys in place (SessionKeys.Replace copies them).
//
// Secrets here: Salt (32, sent encrypted), okm halves _first/_second. Owner: the Session; wiped
// by Wipe(), which the Session calls in a finally right after every derivation and in Close().
using Usmp.Native;

namespace Usmp
{
    internal sealed class RekeyDerivation
    {
        private readonly byte[] _salt = new byte[UsmpConstants.RekeySaltSize];
        private readonly byte[] _first = new byte[UsmpConstants.KeySize];
        private readonly byte[] _second = new byte[UsmpConstants.KeySize];

        /// <summary>The 32-byte salt: filled from the RNG (initiator) or from the REKEY payload (responder).</summary>
        public byte[] Salt
        {
            get { return _salt; }
        }

        /// <summary>§7 REKEY, initiator: keys := (okm[0:32], okm[32:64]) from (tx ‖ rx, Salt).</summary>
        public void DeriveAsInitiator(SessionKeys keys)
        {
            // §7: HKDF(initiator_tx ‖ initiator_rx, salt, "usmp-rekey" ‖ session_id, 64)
            UsmpCrypto.RekeyDerive(_first, _second, keys.TxKey, keys.RxKey, _salt, keys.SessionId);
            keys.Replace(_first, _second);
        }

        /// <summary>§7 REKEY, responder: the initiator's okm, with our rx as its tx; tx := okm[32:64], rx := okm[0:32].</summary>
        public void DeriveAsResponder(SessionKeys keys)
        {
            // §7: HKDF(initiator_tx = our rx ‖ initiator_rx = our tx, salt, "usmp-rekey" ‖ session_id, 64)
            UsmpCrypto.RekeyDerive(_first, _second, keys.RxKey, keys.TxKey, _salt, keys.SessionId);
            keys.Replace(_second, _first);
        }

        /// <summary>Zeroes the salt and both okm halves. Idempotent.</summary>
        public void Wipe()
        {
            Secret.Wipe(_salt);
            Secret.Wipe(_first);
            Secret.Wipe(_second);
        }
    }
}
