// Helpers for the diagnostics tests (DiagnosticsTcpTests, DiagnosticsUdpTests): an event recorder
// subscribed to every UsmpClient event and the log hook, a clock that jumps Step ms per read,
// a transport that advances a ManualClock on each frame it reads, and a sink that captures the
// frames a gateway-side Session seals. nanoFramework-compatible C# (no generics).
using System;
using System.Collections;
using Usmp;

namespace NFUnitTest
{
    internal sealed class EventRecorder
    {
        public int ConnectedCount;
        public string ConnectedSessionId;
        public bool ConnectedUdp;
        public int ConnectedHandshakeMs = -1;
        public int RekeyedCount;
        public uint RekeyedEpoch;
        public bool RekeyedByGateway;
        public int RetransmittedCount;
        public int MaxAttempt;
        public int MinAttempt = int.MaxValue;
        public byte RetransmittedType;
        public uint RetransmittedSeq;
        public int DroppedCount;
        public readonly int[] DroppedByReason = new int[8];
        public int ClosedCount;
        public CloseReason ClosedReason;
        public Exception ClosedError;
        public readonly ArrayList Log = new ArrayList();

        public EventRecorder(UsmpClient client)
        {
            client.Connected += (c, id, udp, ms) => { ConnectedCount++; ConnectedSessionId = id; ConnectedUdp = udp; ConnectedHandshakeMs = ms; };
            client.Rekeyed += (c, epoch, byGateway) => { RekeyedCount++; RekeyedEpoch = epoch; RekeyedByGateway = byGateway; };
            client.Retransmitted += (c, type, seq, attempt) =>
            {
                RetransmittedCount++;
                RetransmittedType = type;
                RetransmittedSeq = seq;
                MaxAttempt = attempt > MaxAttempt ? attempt : MaxAttempt;
                MinAttempt = attempt < MinAttempt ? attempt : MinAttempt;
            };
            client.FrameDropped += (c, reason) => { DroppedCount++; DroppedByReason[(int)reason]++; };
            client.Closed += (c, reason, error) => { ClosedCount++; ClosedReason = reason; ClosedError = error; };
            client.LogHandler = (level, tag, message) => Log.Add(((int)level).ToString() + " " + tag + " " + message);
        }

        public bool Logged(string fragment)
        {
            for (int i = 0; i < Log.Count; i++)
            {
                if (((string)Log[i]).IndexOf(fragment) >= 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    // Real time plus Step ms more on every read (Step 0: plain real time; 10000: every wait expires at once).
    internal sealed class StepClock : IClock
    {
        private readonly SystemClock _real = new SystemClock();
        private long _offset;
        public int Step;

        public long NowMilliseconds
        {
            get
            {
                _offset += Step;
                return _real.NowMilliseconds + _offset;
            }
        }
    }

    // Each frame read takes AdvanceMs of the ManualClock (a gateway that answers that slowly).
    internal sealed class SlowTransport : IFrameTransport
    {
        private readonly InMemoryTransport _inner;
        private readonly ManualClock _clock;
        public int AdvanceMs;

        public SlowTransport(InMemoryTransport inner, ManualClock clock)
        {
            _inner = inner;
            _clock = clock;
        }

        public bool IsDatagram { get { return false; } }

        public void Open()
        {
            _inner.Open();
        }

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            _inner.SendFrame(buffer, offset, length);
        }

        public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs)
        {
            _clock.Now += AdvanceMs;
            return _inner.ReceiveFrame(buffer, offset, timeoutMs);
        }

        public void AttachSession(Session session)
        {
            _inner.AttachSession(session);
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
            _inner.SendUtack(utack, offset, length);
        }

        public void Close()
        {
            _inner.Close();
        }
    }

    // Keeps a copy of every frame a Session seals (a gateway whose frames the test delivers by hand).
    internal sealed class CaptureSink : IFrameSink
    {
        public readonly ArrayList Frames = new ArrayList();

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            byte[] copy = new byte[length];
            Array.Copy(buffer, offset, copy, 0, length);
            Frames.Add(copy);
        }

        public byte[] Frame(int index)
        {
            return (byte[])Frames[index];
        }
    }
}
