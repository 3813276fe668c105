// refs: mscorlib nanoFramework.System.Text System.Net
// expect: OK
// The clean fixture: what the nanoCLR 1.17 runs (classes, structs, interfaces, delegates, lambdas,
// closures, events, using, lock, string switch, jagged arrays, static readonly tables, SpanByte,
// ArrayList, exceptions with filters). If this fails, the reference surface or the gate is too strict.
using System;
using System.Collections;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Fixture
{
    internal interface IShape { int Area(); }

    internal struct Rect : IShape
    {
        public int W;
        public int H;
        public int Area() => W * H;
    }

    internal delegate void Tick(int n);

    internal sealed class Clean : IDisposable
    {
        private static readonly byte[] Table = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
        private readonly object _lock = new object();
        private readonly int[][] _jagged = new int[2][];
        public event Tick Ticked;
        public int Count { get; private set; }

        public static int Main()
        {
            using (Clean c = new Clean())
            {
                int seen = 0;
                c.Ticked += n => seen += n;
                c.Fire(3);
                SpanByte s = new SpanByte(Table, 2, 4);
                ArrayList list = new ArrayList();
                list.Add(s.Slice(1).Length);
                string kind = Classify("two");
                byte[] utf8 = Encoding.UTF8.GetBytes($"{seen:D4} {kind} {Table.Length:X2}");
                Socket sock = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                ((IDisposable)sock).Dispose();
                try
                {
                    throw new InvalidOperationException("x");
                }
                catch (Exception e) when (e is InvalidOperationException)
                {
                    Thread.Sleep(0);
                }

                return utf8.Length + (int)list[0] + new Rect { W = 2, H = 3 }.Area();
            }
        }

        private static string Classify(string s)
        {
            switch (s)
            {
                case "one": return "1";
                case "two": return "2";
                case "three": return "3";
                case "four": return "4";
                case "five": return "5";
                case "six": return "6";
                case "seven": return "7";
                default: return "?";
            }
        }

        private void Fire(int n)
        {
            lock (_lock)
            {
                Count++;
                _jagged[0] = new int[] { n };
                Ticked?.Invoke(n);
            }
        }

        public void Dispose()
        {
            Array.Clear(_jagged, 0, _jagged.Length);
        }
    }
}
