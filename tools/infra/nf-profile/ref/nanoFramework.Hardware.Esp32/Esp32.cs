// nanoFramework.Hardware.Esp32 (spec section 3): sleep/wake-up and memory info. No NVS and no RNG API.
namespace nanoFramework.Hardware.Esp32
{
    public enum EspNativeError { OK = 0, FAIL = -1, NO_MEM = 0x101, INVALID_ARG = 0x102, INVALID_STATE = 0x103, INVALID_SIZE = 0x104, NOT_FOUND = 0x105, NOT_SUPPORTED = 0x106, TIMEOUT = 0x107 }

    // Sleep.cs: a non-static class with static methods; WakeupCause has no All (1 is unused).
    public class Sleep
    {
        public enum WakeupCause { Undefined = 0, Ext0 = 2, Ext1 = 3, Timer = 4, TouchPad = 5, Ulp = 6, Gpio = 7, Uart = 8 }
        public static EspNativeError EnableWakeupByTimer(System.TimeSpan time) => throw null;
        public static EspNativeError StartLightSleep() => throw null;
        public static void StartDeepSleep() => throw null;
        public static WakeupCause GetWakeupCause() => throw null;
    }

    public class NativeMemory // NativeMemory.cs: non-static class, static GetMemoryInfo
    {
        public enum MemoryType { All = 0, Internal = 1, SpiRam = 2 }
        public static void GetMemoryInfo(MemoryType memoryType, out uint totalSize, out uint totalFreeSize, out uint largestFreeBlock) => throw null;
    }

    // Microsecond esp_timer since boot (spec section 3; `ulong t = HighResTimer.GetCurrent()` in public samples).
    // Only the static clock: the one-shot/periodic timer instance API is not declared (unused).
    public class HighResTimer
    {
        private HighResTimer() { }
        public static ulong GetCurrent() => throw null;
    }
}
