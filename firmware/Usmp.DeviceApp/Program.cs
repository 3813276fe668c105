// USMP device application for ESP32 (.NET nanoFramework): Wi-Fi, configuration, then the
// telemetry/command loop over a USMP session to the gateway, forever. See Startup and DeviceLoop.
namespace Usmp.DeviceApp
{
    public static class Program
    {
        public static void Main()
        {
            Startup.Run(new ConsoleLog());
        }
    }
}
