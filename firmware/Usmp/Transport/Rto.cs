// Adaptive retransmission timeout of the UDP stop-and-wait ARQ (spec usmp-v2.md §8,
// "Reliability"), the Jacobson/Karn estimator the reference gateway uses:
//
//   start:       srtt = 0.2 s, rttvar = 0.1 s, RTO = 0.5 s
//   per sample:  rttvar = 3/4 rttvar + 1/4 |srtt - r|     (RFC 6298 order: rttvar first,
//                srtt   = 7/8 srtt   + 1/8 r              with the old srtt)
//                RTO    = clamp(srtt + 4 rttvar, 0.1 s, 5 s)
//   Karn:        only frames acknowledged on their FIRST attempt give a sample (the caller
//                decides; see UdpTransport.SendFrame).
//   attempt n:   wait clamp(RTO * 2^n, 50 ms, 5 s), n = 0..4.
//
// Integer microseconds, so the figures are exact and no floating point or System.Math is needed.
namespace Usmp
{
    public sealed class Rto
    {
        // §8 figures, in microseconds.
        public const long InitialSrttMicros = 200000;
        public const long InitialRttvarMicros = 100000;
        public const long InitialRtoMicros = 500000;
        public const long MinRtoMicros = 100000;
        public const long MaxRtoMicros = 5000000;
        // §8: clamp(RTO * 2^attempt, 0.05 s, 5 s) for each attempt's wait.
        public const long MinAttemptWaitMicros = 50000;
        public const long MaxAttemptWaitMicros = 5000000;

        private long _srtt;
        private long _rttvar;
        private long _rto;

        public Rto()
        {
            Reset();
        }

        public long SrttMicros { get { return _srtt; } }

        public long RttvarMicros { get { return _rttvar; } }

        public long RtoMicros { get { return _rto; } }

        public void Reset()
        {
            _srtt = InitialSrttMicros;
            _rttvar = InitialRttvarMicros;
            _rto = InitialRtoMicros;
        }

        // One round-trip sample from a first-attempt acknowledgement. The clamp is written out
        // (no helper call): this runs for nearly every frame sent.
        public void Sample(long rttMicros)
        {
            if (rttMicros < 0)
            {
                rttMicros = 0;
            }
            long deviation = _srtt - rttMicros;
            if (deviation < 0)
            {
                deviation = -deviation;
            }
            _rttvar = (3 * _rttvar + deviation) / 4;
            _srtt = (7 * _srtt + rttMicros) / 8;
            long rto = _srtt + 4 * _rttvar;
            _rto = rto < MinRtoMicros ? MinRtoMicros : rto > MaxRtoMicros ? MaxRtoMicros : rto;
        }

        // How long attempt n (0-based) waits for its UTACK, in milliseconds. Attempt 0 waits the RTO
        // itself: it always lies within [MinRto, MaxRto], inside the attempt bounds, so the clamp
        // is needed only from the first retransmission on.
        public int AttemptWaitMillis(int attempt)
        {
            long wait = _rto;
            if (attempt > 0)
            {
                for (int i = 0; i < attempt && wait < MaxAttemptWaitMicros; i++)
                {
                    wait *= 2;
                }
                wait = Clamp(wait, MinAttemptWaitMicros, MaxAttemptWaitMicros);
            }
            return (int)((wait + 999) / 1000);
        }

        private static long Clamp(long value, long min, long max)
        {
            if (value < min)
            {
                return min;
            }
            return value > max ? max : value;
        }
    }
}
