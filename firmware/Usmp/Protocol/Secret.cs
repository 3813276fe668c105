// The one helper that clears secrets in the Usmp assembly (craft habit 9).
//
// Secret.Wipe is for bytes that are secret: keys (PSK copy, ephemeral private key, key block,
// session tx/rx keys, REKEY salt and okm), the client proof, and decrypted plaintext. Bytes that
// are public (nonces, public keys, cookie, session id, sealed frames) are cleared with
// Array.Clear where the code clears them for hygiene; a grep for Secret.Wipe lists every secret
// wipe point.
//
// Contract: every byte of the range is zero when Wipe returns; null is accepted (nothing to do)
// so wipe paths in finally/Close never throw. Array.Clear is a runtime (native) call on
// nanoFramework, a single memset instead of an interpreted loop, and neither the nanoCLR
// interpreter nor the .NET JIT removes stores to a heap array that is still referenced.
// Never pass a caller's array without saying so at the call site: a caller's array is wiped only
// when the API documents it.
using System;

namespace Usmp
{
    internal static class Secret
    {
        /// <summary>Zeroes the whole array. Null: nothing to do.</summary>
        public static void Wipe(byte[] secret)
        {
            if (secret != null)
            {
                Array.Clear(secret, 0, secret.Length);
            }
        }

        /// <summary>Zeroes secret[offset..offset+count). Null: nothing to do.</summary>
        public static void Wipe(byte[] secret, int offset, int count)
        {
            if (secret != null)
            {
                Array.Clear(secret, offset, count);
            }
        }
    }
}
