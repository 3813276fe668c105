// The text of UsmpClient's per-frame log lines, built only when the application set a log handler
// at a level that enables them (callers check IsLogEnabled first). Kept apart so the frame path
// itself holds no string literal: on the nanoCLR every ldstr allocates a new string.
namespace Usmp
{
    public sealed partial class UsmpClient
    {
        [ColdPath]
        private void LogSent(int count)
        {
            Log(UsmpLogLevel.Debug, "sent a message of " + count.ToString() + " bytes");
        }

        [ColdPath]
        private void LogReceived(int count)
        {
            Log(UsmpLogLevel.Debug, "received a message of " + count.ToString() + " bytes");
        }

        [ColdPath]
        private void LogRetransmit(byte packetType, uint seq, int attempt)
        {
            Log(UsmpLogLevel.Warn, "retransmit type 0x" + packetType.ToString("X2") + " seq " + seq.ToString() + " attempt " + attempt.ToString());
        }

        [ColdPath]
        private void LogDropped(DropReason reason)
        {
            Log(UsmpLogLevel.Warn, "frame dropped: reason " + ((int)reason).ToString() + " (" + DropReasonName(reason) + ")");
        }

        [ColdPath]
        private void LogRekeyed(uint epoch, bool byGateway)
        {
            Log(UsmpLogLevel.Info, (byGateway ? "rekeyed by the gateway, key epoch " : "rekeyed, key epoch ") + epoch.ToString());
        }
    }
}
