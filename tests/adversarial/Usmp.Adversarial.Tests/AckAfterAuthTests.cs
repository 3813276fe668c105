// Issue 10 class 1, "acknowledged before authenticated" (spec §8 UTACK). A session-phase UTACK is a
// receipt its sender trusts (it is MACed with the very key the sender accepts receipts under), so
// a receiver may give one only for a frame that opened, or for an authenticated duplicate of one
// it accepted; never for a forged or garbled frame. Against both receivers: the gateway (frames
// ToGateway) and the device client (frames ToDevice).
//   on path:  the proxy withholds the genuine frame's first copy and sends a forgery with the same
//             header in its place (Forgeries.All). A receipt for it would let the sender move on
//             and the genuine frame would be lost; required: no receipt before the genuine frame
//             arrived (ReceiptAudit), the sender resent it (>= 2 copies), every message exactly
//             once and in order, the session carries on, the honest sessions are untouched.
//   off path: an attacker on another socket sends forged frames with the PEER's source address
//             (raw IPv4 socket; through the proxy's socket when raw sockets are not allowed) at
//             the seqs the peer will use next: required: no receipt at all for them.
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class AckAfterAuthTests(GatewayFixture fx)
{
    public static TheoryData<Direction> Receivers() => new() { Direction.ToGateway, Direction.ToDevice };

    internal static void AssertNoReceiptWithoutFrame(ReceiptAudit audit, string name) =>
        Assert.True(audit.ReceiptsWithoutFrame.Count == 0, $"{name}: receipt for a frame the receiver never got: {string.Join("; ", audit.ReceiptsWithoutFrame)}");

    internal static void AssertResent(SubstituteFrames s, string name)
    {
        Assert.True(s.Substituted > 0, $"{name}: nothing was substituted");
        foreach (var (key, copies) in s.Copies)
            Assert.True(copies >= 2, $"{name}: {Frames.TypeName(key.Item2)} seq {key.Item3} was never resent (copies {copies}): a receipt for the forgery completed it");
    }

    [Theory, MemberData(nameof(Receivers))]
    public void A_forged_frame_in_place_of_a_genuine_one_gets_no_receipt(Direction d)
    {
        // 16 B messages: one DATA each, message 2 is DATA seq 2. 1000 B messages: FRAG, FRAG, DATA,
        // message 2 is seqs 6, 7, 8.
        var targets = new (string Name, int Size, byte Type, uint Seq)[]
        {
            ("DATA seq 2", 16, Frames.Data, 2), ("first DATA_FRAG (seq 6)", 1000, Frames.DataFrag, 6), ("final DATA (seq 8)", 1000, Frames.Data, 8),
        };
        var cases = new List<AttackCase>();
        foreach (var t in targets)
        {
            foreach (var f in Forgeries.All)
            {
                string name = $"Udp {d} {t.Name} replaced by a forgery ({f.Name})";
                var policy = new SubstituteFrames(p => p.Direction == d && p.Type == t.Type && p.Seq == t.Seq, f.Forge);
                cases.Add(new AttackCase
                {
                    Fx = fx, Wire = Wire.Udp, Direction = d, Name = name, Expect = Outcome.AllDelivered, Size = t.Size,
                    Policy = () => policy, EchoTimeoutMs = 4000,
                    AlsoCheck = _ => { AssertNoReceiptWithoutFrame(policy.Audit, name); AssertResent(policy, name); },
                });
            }
        }
        AttackCase.RunAll(cases, "ack before auth (forgery in place)", parallel: 6);
        fx.AssertHonestUntouched();
    }

    [Theory, MemberData(nameof(Receivers))]
    public void Forged_frames_from_a_spoofed_source_address_get_no_receipt(Direction d)
    {
        var run = Task.Factory.StartNew(() => SpoofedSource(d), TaskCreationOptions.LongRunning);
        Assert.True(run.Wait(AttackCase.GuardMs), "hang guard");
        run.GetAwaiter().GetResult();
        AttackLog.Tried("ack before auth (spoofed source)", 1);
        fx.AssertHonestUntouched();
    }

    private void SpoofedSource(Direction d)
    {
        bool raw = SpoofedUdp.Available;
        // Without raw sockets the device sits behind the proxy and the forgeries leave from the
        // proxy's sockets, which the receiver knows as its peer's address: the same forged source.
        UdpAttackProxy? proxy = raw ? null : new UdpAttackProxy(fx.Endpoint(Wire.Udp));
        RecordingLink? recording = null;
        using var dev = new TestDevice(Wire.Udp, proxy?.Endpoint ?? fx.Endpoint(Wire.Udp), wrapLink: l => recording = new RecordingLink(l));
        try
        {
            Assert.True(dev.Connect(), $"{dev.Error}");
            for (int i = 0; i < 2; i++) Assert.True(dev.Exchange(16, 4000), $"clean exchange {i}: {dev.Error}");
            var ac = new AttackCase { Fx = fx, Wire = Wire.Udp, Direction = d, Name = $"Udp {d} spoofed source ({(raw ? "raw socket" : "proxy socket")})", Expect = Outcome.AllDelivered };
            GatewayRecord gw = ac.WaitForRecord(dev);
            // Both sides have sent DATA seq 0 and 1: the peer's next frames are seq 2 onwards.
            const uint Next = 2;
            var forged = new List<byte[]>();
            for (uint seq = Next; seq < Next + 6; seq++)
            {
                forged.Add(Frames.Build(Frames.Data, seq, TestDevice.UniqueMessage(44)));
                forged.Add(Frames.Build(Frames.DataFrag, seq, TestDevice.UniqueMessage(480)));
                forged.Add(Frames.Build(Frames.Ping, seq, TestDevice.UniqueMessage(28)));
            }
            IPEndPoint device = gw.Session.Remote, gateway = fx.Endpoint(Wire.Udp);
            foreach (byte[] f in forged)
            {
                if (proxy != null) proxy.Flows[0].InjectAsync(d, f).Wait();
                else if (d == Direction.ToGateway) SpoofedUdp.Send(device, gateway, f);
                else SpoofedUdp.Send(new IPEndPoint(IPAddress.Loopback, gateway.Port), device, f);
            }
            // An attacker at another loopback address, with its own socket: not a peer at all.
            using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            other.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            if (d == Direction.ToGateway) foreach (byte[] f in forged) other.SendTo(f, gateway);
            // Let the device read its socket (receipts it got, or forgeries it must judge).
            Thread.Sleep(200);
            dev.ReceiveOne(400);
            var receipts = recording!.Utacks.Where(u => u.Sent == (d == Direction.ToDevice) && u.Seq >= Next && u.Type is Frames.Data or Frames.DataFrag or Frames.Ping).ToList();
            Assert.True(receipts.Count == 0, $"{ac.Name}: {receipts.Count} receipt(s) for frames the peer never sent, e.g. " +
                string.Join(", ", receipts.Take(4).Select(u => $"{Frames.TypeName(u.Type)} seq {u.Seq} ({u.Length} B)")));
            other.ReceiveTimeout = 200;
            Assert.Throws<SocketException>(() => other.Receive(new byte[64]));   // nothing for the off-path address either
            // The session is untouched: the genuine seqs 2.. go through, exactly once.
            for (int i = 0; i < 3; i++) Assert.True(dev.Exchange(16, 4000), $"{ac.Name}: exchange after the forgeries: {dev.Error}");
            ac.CheckOutcome(dev);
        }
        finally { proxy?.DisposeAsync().AsTask().Wait(5000); }
    }
}
