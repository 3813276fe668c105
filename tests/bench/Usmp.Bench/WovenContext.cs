// Runs the bench's own code a second time against the woven copy of Usmp.dll: a collectible
// AssemblyLoadContext that loads Usmp from the woven directory, and this bench assembly and any
// other assembly of the bench's directory afresh (so their references to Usmp bind to the woven
// copy: a test-support assembly holding InMemoryTransport, for one). Shared with the default
// context: Usmp.Native (with NativeCallStats), Usmp.Bench.Instruments (with Probe), Mono.Cecil and
// the BCL.
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
            if (name.Name == "Usmp.Native" || name.Name == "Usmp.Bench.Instruments" || name.Name.StartsWith("Mono.Cecil", System.StringComparison.Ordinal))
            {
                return null;
            }
            string local = Path.Combine(Path.GetDirectoryName(_bench), name.Name + ".dll");
            return File.Exists(local) ? LoadFromAssemblyPath(local) : null;
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
