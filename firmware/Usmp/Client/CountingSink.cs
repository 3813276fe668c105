// The sink the client hands its Session instead of the bare transport: counts each session frame
// (and its bytes) into UsmpCounters, then passes it on unchanged. Also an IUtackSink, so the
// Session's UDP receipts still reach the transport (Session.Acknowledge asks the sink for one).
// One interface call and two additions per frame; no allocation.
namespace Usmp
{
    internal sealed class CountingSink : IFrameSink, IUtackSink
    {
        private readonly IFrameTransport _transport;
        private readonly UsmpCounters _counters;

        public CountingSink(IFrameTransport transport, UsmpCounters counters)
        {
            _transport = transport;
            _counters = counters;
        }

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            _counters.framesSent++;
            _counters.bytesSent += length;
            _transport.SendFrame(buffer, offset, length);
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
            _transport.SendUtack(utack, offset, length);
        }
    }
}
