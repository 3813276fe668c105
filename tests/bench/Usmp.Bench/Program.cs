// Usmp.Bench: the client's per-frame path, after the handshake, per transport and direction.
//  1. Plain run (the historical figures): managed bytes the CLIENT allocated per frame
//     (GC.GetAllocatedBytesForCurrentThread around each client call; target 0) and the native calls
//     it made (Usmp.Native.NativeCallStats, host-only): TCP mode over InMemoryTransport, plain and
//     with every diagnostic hook set, and UDP mode at the Session level (InMemoryRuns).
//  2. Counting run: the same code against a copy of Usmp.dll woven by Usmp.Bench.Instruments
//     (Weaver, Probe), in its own AssemblyLoadContext (WovenContext): managed method calls, BCL
//     calls, bytes copied, managed byte moves and string literals per frame, for the in-memory
//     scenarios AND the real device transports over loopback sockets (LoopbackTcp, LoopbackUdp).
//  3. The static analyzer's count of allocating instructions reachable from the per-frame roots
//     (PerFrameAnalyzer; tests/perframe fails on any that is not in its allow-list); --violations
//     lists them with the call path from a root. --top N: the N most-called methods per frame.
// Prints figures; never asserts on them (exit 0; 2 on bad arguments; an exception if the
// protocol itself breaks).
// Run: dotnet run -c Release --project tests/bench/Usmp.Bench [frames] [payloadBytes] [--top N] [--violations] [--no-count]
using System;
using System.Collections.Generic;
using System.IO;
using Usmp.Bench.Instruments;

namespace Usmp.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            List<string> positional = new List<string>();
            int top = 0;
            bool count = true;
            bool violations = false;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--top" && i + 1 < args.Length)
                {
                    top = int.Parse(args[++i]);
                }
                else if (args[i] == "--violations")
                {
                    violations = true;
                }
                else if (args[i] == "--no-count")
                {
                    count = false;
                }
                else
                {
                    positional.Add(args[i]);
                }
            }
            int frames = positional.Count > 0 ? int.Parse(positional[0]) : 1000;
            int payload = positional.Count > 1 ? int.Parse(positional[1]) : 100;
            if (payload < 0 || payload > UsmpConstants.MaxPlaintext || frames <= 0)
            {
                Console.Error.WriteLine("usage: [frames > 0] [payloadBytes 0..452 (one frame per message)] [--top N] [--violations] [--no-count]");
                return 2;
            }

            byte[] message = Bench.Message(payload);
            Console.WriteLine("USMP client per-frame path, in-memory TCP-mode transport, " + frames + " frames each way, " + payload + "-byte messages");
            InMemoryRuns.Tcp(frames, message, false);
            InMemoryRuns.DatagramSession(frames, message);
            InMemoryRuns.Tcp(frames, message, true);
            if (!count)
            {
                return 0;
            }

            string usmp = typeof(UsmpClient).Assembly.Location;
            string dir = Path.Combine(Path.GetTempPath(), "usmp-bench-woven-" + Environment.ProcessId);
            Weaver weaver = new Weaver();
            string woven = weaver.Weave(usmp, dir);
            Console.WriteLine();
            Console.WriteLine("woven " + weaver.WovenMethods + " methods and " + weaver.CallSites + " call sites of " + Path.GetFileName(usmp) + " into " + woven);
            try
            {
                int code = new WovenContext(woven).Run(frames, payload, top);
                if (code != 0)
                {
                    return code;
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
            StaticFigures.Print(usmp, violations);
            return 0;
        }
    }
}
