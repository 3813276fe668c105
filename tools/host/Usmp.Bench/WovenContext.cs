// Runs the bench's own code a second time against the woven copy of Usmp.dll: a collectible
// AssemblyLoadContext that loads Usmp from the woven directory and this bench assembly afresh
// (so its references to Usmp bind to the woven copy); every other assembly (Usmp.Native with its
// NativeCallStats, Usmp.Bench.Instruments with Probe, the BCL) is shared with the default context.
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Usmp.Bench
{
    internal sealed class WovenContext : AssemblyLoadContext
    {
        private readonly string _wovenUsmp;
        private readonly string _bench;

        public WovenContext(string wovenUsmp) : base("usmp-woven", true)
        {
            _wovenUsmp = wovenUsmp;
            _bench = typeof(WovenContext).Assembly.Location;
        }

        protected override Assembly Load(AssemblyName name)
        {
            if (name.Name == "Usmp")
            {
                return LoadFromAssemblyPath(_wovenUsmp);
            }
            if (name.Name == Path.GetFileNameWithoutExtension(_bench))
            {
                return LoadFromAssemblyPath(_bench);
            }
            return null;
        }

        // Calls Counting.Run(frames, payload, top) inside this context.
        public int Run(int frames, int payload, int top)
        {
            Assembly bench = LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(_bench)));
            MethodInfo run = bench.GetType("Usmp.Bench.Counting").GetMethod("Run", BindingFlags.Public | BindingFlags.Static);
            return (int)run.Invoke(null, new object[] { frames, payload, top });
        }
    }
}
