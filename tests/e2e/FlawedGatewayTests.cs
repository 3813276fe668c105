// The battery must catch a broken gateway: each fixture (our gateway behind a Splice adding one
// flaw, Fixtures/) makes exactly its own rows fail, and a Flaw.None splice makes none fail, which
// proves the fixture itself is transparent.
using Usmp.Cli.Commands;
using Usmp.Cli.Conformance;
using Usmp.EndToEnd.Tests.Fixtures;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class FlawedGatewayTests
{
    private static async Task<(int Code, Dictionary<string, Outcome> Rows, string Text)> Run(Flaw flaw, Wire wire, bool strict = false)
    {
        await using var gw = new FlawedGateway(flaw, ConformanceTests.Options());
        var output = new StringWriter();
        var json = new StringWriter();
        int code = await Task.Run(() => ConformanceCommand.Run(ConformanceTests.TargetFor(gw.Endpoint(wire), wire == Wire.Udp), output, json, strict: strict));
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToString());
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(
            r => r.GetProperty("id").GetString()!,
            r => r.GetProperty("result").GetString() switch { "pass" => Outcome.Pass, "fail" => Outcome.Fail, "skipped" => Outcome.Skipped, "differs" => Outcome.Differs, _ => Outcome.Warn });
        return (code, rows, output.ToString());
    }

    private static void OnlyThese(Dictionary<string, Outcome> rows, string text, Outcome outcome, params string[] ids)
    {
        var odd = rows.Where(r => r.Value is Outcome.Fail or Outcome.Warn or Outcome.Skipped).Select(r => r.Key).Order().ToArray();
        Assert.True(odd.SequenceEqual(ids.Order()), $"expected only {string.Join(", ", ids)} to go wrong, got {string.Join(", ", odd)}\n{text}");
        foreach (string id in ids.Where(i => !i.StartsWith("limit.lockout"))) Assert.Equal(outcome, rows[id]);
    }

    // Over UDP the forged-ack fixture below shows the same: every row but its own as with our gateway.
    [Fact]
    public async Task A_transparent_splice_fails_no_row()
    {
        var (code, rows, text) = await Run(Flaw.None, Wire.Tcp);
        Assert.True(code == 0, text);
        OnlyThese(rows, text, Outcome.Fail);
    }

    [Fact]
    public async Task Skipping_the_proof_check_fails_the_proof_rows()
    {
        var (code, rows, text) = await Run(Flaw.SkipProofCheck, Wire.Tcp);
        Assert.True(code == ConformanceCommand.RowsFailed, text);
        OnlyThese(rows, text, Outcome.Fail, "hs.wrong-proof", "hs.proof-flipped", "limit.lockout");
        Assert.Equal(Outcome.Skipped, rows["limit.lockout"]);   // it needs hs.wrong-proof
    }

    [Fact]
    public async Task Accepting_a_fifth_fragment_fails_its_row()
    {
        var (code, rows, text) = await Run(Flaw.AcceptFifthFragment, Wire.Tcp);
        Assert.True(code == ConformanceCommand.RowsFailed, text);
        OnlyThese(rows, text, Outcome.Fail, "msg.fifth-fragment");
    }

    [Fact]
    public async Task Answering_a_ninth_ping_fails_the_flood_row()
    {
        var (code, rows, text) = await Run(Flaw.AnswerNinthPing, Wire.Tcp);
        Assert.True(code == ConformanceCommand.RowsFailed, text);
        OnlyThese(rows, text, Outcome.Fail, "msg.ping-flood");
    }

    [Fact]
    public async Task Acknowledging_forged_frames_is_a_warning_and_a_failure_under_strict()
    {
        var (code, rows, text) = await Run(Flaw.AckForgedFrames, Wire.Udp, strict: true);
        Assert.True(code == ConformanceCommand.RowsFailed, text);
        OnlyThese(rows, text, Outcome.Warn, "udp.forged-ack");
        Assert.Contains("acknowledges forged frames", text);
    }
}
