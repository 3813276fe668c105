// nanoFramework.Runtime.Native: GC.Run replaces System.GC.Collect (spec section 1; nanoframework/
// nanoFramework.Runtime.Native GC.cs: `public static extern uint Run(bool compactHeap)`).
namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) => throw null;
        public static bool EnableGCMessages(bool enable) => throw null;
    }

    // Power.cs: a non-static class; RebootDevice(int exeConstraintTimeout) bounds the OnRebootEvent handlers.
    public class Power
    {
        public static void RebootDevice() => throw null;
        public static void RebootDevice(int exeConstraintTimeout) => throw null;
    }
}
