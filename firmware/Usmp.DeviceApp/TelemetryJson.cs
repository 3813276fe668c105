// One telemetry reading and its JSON form (the application payload the device sends through the
// USMP session; the protocol itself does not care what is inside).
//
//   {"seq":7,"uptime_s":3600,"heap_free":123456,"interval_s":30,"reconnects":2}
//
//   seq         reading counter since boot (u32, starts at 1)
//   uptime_s    seconds since boot (esp_timer on the device)
//   heap_free   free managed heap in bytes after a non-compacting GC; null when unknown
//   interval_s  the current telemetry interval (the gateway can change it: DownlinkCommands)
//   reconnects  sessions (re)established since boot, minus one
//
// No Wi-Fi RSSI: nanoFramework 1.17's System.Device.Wifi exposes RSSI only per scan result
// (WifiAvailableNetwork.NetworkRssiInDecibelMilliwatts / SignalBars after WifiAdapter.ScanAsync),
// not for the current association, and a periodic scan would stall the link it measures.
// Replies to commands are plain text (DownlinkCommands), so a gateway can tell a reading by its
// first byte '{'.
// Write allocates nothing (JsonWriter); the caller reuses one buffer for every reading.
namespace Usmp.DeviceApp
{
    public struct TelemetryReading
    {
        public uint Seq;
        public long UptimeSeconds;
        public long HeapFreeBytes;      // < 0: unknown -> null
        public int IntervalSeconds;
        public int Reconnects;
    }

    public sealed class TelemetryJson
    {
        // The longest reading: every field at its widest (20 digits + sign for longs) fits easily.
        public const int MaxLength = 160;

        private readonly JsonWriter _writer = new JsonWriter();

        // Writes the reading at buffer[offset..] and returns its length in bytes.
        public int Write(ref TelemetryReading reading, byte[] buffer, int offset)
        {
            int capacity = buffer == null ? 0 : buffer.Length - offset;
            _writer.Reset(buffer, offset, capacity);
            _writer.BeginObject();
            _writer.Number("seq", reading.Seq);
            _writer.Number("uptime_s", reading.UptimeSeconds);
            if (reading.HeapFreeBytes < 0)
            {
                _writer.Null("heap_free");
            }
            else
            {
                _writer.Number("heap_free", reading.HeapFreeBytes);
            }
            _writer.Number("interval_s", reading.IntervalSeconds);
            _writer.Number("reconnects", reading.Reconnects);
            _writer.EndObject();
            return _writer.Length;
        }
    }
}
