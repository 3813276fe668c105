// The portable half of the MinimalTelemetry sample: one round of connect, send, receive, close
// over any UsmpClient (TCP, UDP or in-memory). No Wi-Fi or socket code here, so the device tests
// (tests/NFUnitTest) compile this very file and run it against an in-memory gateway.
using System;
using Usmp;

namespace MinimalTelemetry
{
    public static class TelemetryRound
    {
        // Sends reading, waits up to replyTimeoutMs for the gateway's answer, copies it to reply and
        // returns its length (0 = no answer in time). Always closes the session (BYE, keys wiped).
        public static int Run(UsmpClient client, byte[] reading, byte[] reply, int replyTimeoutMs)
        {
            client.Connect();                                   // handshake: PSK proofs both ways, fresh keys
            try
            {
                client.Send(reading, 0, reading.Length);        // one encrypted message, up to 1,808 bytes
                return client.Receive(reply, 0, replyTimeoutMs);
            }
            finally
            {
                client.Close();                                 // courtesy BYE: frees the gateway's slot
            }
        }
    }
}
