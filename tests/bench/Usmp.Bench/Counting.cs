// The counting run: executes inside WovenContext, so every Usmp type here is the woven copy and
// Probe counts. Same scenarios as the plain run (no diagnostics handlers), plus the real device
// transports over loopback sockets.
using System;

namespace Usmp.Bench
{
    public static class Counting
    {
        public static int Run(int frames, int payload, int top)
        {
            Bench.Expect(Bench.Counting, "the counting run needs the woven Usmp.dll");
            byte[] message = Bench.Message(payload);
            Console.WriteLine();
            Console.WriteLine("COUNTING RUN (a woven copy of Usmp.dll; per frame, client thread only, handshake and warm-up excluded):");
            Console.WriteLine("  managed calls = entries into methods of Usmp.dll + calls into NativeStatus (each interpreted on nanoCLR, ~600-750 host instructions);");
            Console.WriteLine("  BCL calls = call sites into the BCL (Array.Copy, Socket.*, ...: native or managed on nanoCLR, the host cannot tell which);");
            Console.WriteLine("  native calls = calls into CryptoNative (InternalCall on the device), client thread only, in neither of the above. B copied = Array.Copy/Buffer.BlockCopy bytes; managed loops = dst[i] = src[j] byte moves;");
            Console.WriteLine("  ldstr = string literals loaded (each a NEW string on nanoCLR; the host's 0 B allocated cannot see them).");
            Console.WriteLine("  Not counted: the bench's own sinks and peer code, the socket stack below the BCL call.");
            Console.WriteLine("in-memory TCP-mode transport (InMemoryTransport, not the device's TcpTransport):");
            InMemoryRuns.Tcp(frames, message, false);
            InMemoryRuns.DatagramSession(frames, message);
            LoopbackTcp.Run(frames, message);
            LoopbackUdp.Run(frames, message);
            if (top > 0)
            {
                Console.WriteLine();
                Top.Print(top);
            }
            return 0;
        }
    }
}
