// Weaves a COPY of the compiled Usmp.dll (the firmware library built for .NET) so that a run of
// it counts, through Probe:
//  - managed method calls: a Probe.Enter(id) at the entry of every method with a body (property
//    accessors, constructors and static constructors included), plus one before each call into a
//    managed method of Usmp.Native (NativeStatus; CryptoNative is InternalCall on the device, so
//    those calls are native calls, counted by Usmp.Native.NativeCallStats and not here);
//  - BCL calls: a Probe.External(id) before each call/callvirt/newobj into any other assembly;
//  - bytes copied: calls to Array.Copy and Buffer.BlockCopy go to Probe's counting stand-ins,
//    with the copy site's id (caller and n-th copy in it) pushed as one more argument;
//  - managed byte copies: Probe.ByteMoved() between an ldelem.u1/i1 and the stelem.i1 right after it;
//  - string literals: Probe.LoadedString(site) after every ldstr.
// The probes only add calls with no net stack effect (ids are ldc.i4 constants), so the woven
// code computes exactly what the original does. Blind spots, said where figures are printed:
// code outside Usmp.dll (the bench's own sinks and peers) is not counted; delegate invocations
// (events, log hook) count the handler only if it lives in Usmp.dll.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Usmp.Bench.Instruments
{
    public sealed class Weaver
    {
        public const string NativeAssembly = "Usmp.Native";
        public const string NativeType = "Usmp.Native.CryptoNative";

        private readonly List<string> _methods = new List<string>();
        private readonly Dictionary<string, int> _methodIds = new Dictionary<string, int>();
        private readonly List<string> _externals = new List<string>();
        private readonly Dictionary<string, int> _externalIds = new Dictionary<string, int>();
        private readonly List<string> _copySites = new List<string>();
        private readonly List<string> _ldstrSites = new List<string>();
        private MethodReference _enter, _external, _native, _loadedString, _byteMoved, _copy5, _copy3, _blockCopy;

        public int WovenMethods { get; private set; }
        public int CallSites { get; private set; }

        // Writes the woven copy of `input` into `outputDirectory` (same file name) and sizes Probe's
        // tables. Returns the woven file's path.
        public string Weave(string input, string outputDirectory)
        {
            DefaultAssemblyResolver resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input)));
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location));
            using (AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver }))
            {
                ModuleDefinition module = assembly.MainModule;
                ImportProbe(module);
                List<MethodDefinition> bodies = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
                foreach (MethodDefinition method in bodies)
                {
                    MethodId(MethodNames.Of(method));
                }
                foreach (MethodDefinition method in bodies)
                {
                    WeaveBody(method, module);
                }
                Directory.CreateDirectory(outputDirectory);
                string output = Path.Combine(outputDirectory, Path.GetFileName(input));
                assembly.Write(output);
                Probe.MethodNames = _methods.ToArray();
                Probe.ExternalNames = _externals.ToArray();
                Probe.CopySiteNames = _copySites.ToArray();
                Probe.LdstrSiteNames = _ldstrSites.ToArray();
                Probe.Init(_methods.Count, _externals.Count, _copySites.Count, _ldstrSites.Count);
                return output;
            }
        }

        private void ImportProbe(ModuleDefinition module)
        {
            Type probe = typeof(Probe);
            _enter = module.ImportReference(probe.GetMethod(nameof(Probe.Enter)));
            _external = module.ImportReference(probe.GetMethod(nameof(Probe.External)));
            _native = module.ImportReference(probe.GetMethod(nameof(Probe.Native)));
            _loadedString = module.ImportReference(probe.GetMethod(nameof(Probe.LoadedString)));
            _byteMoved = module.ImportReference(probe.GetMethod(nameof(Probe.ByteMoved)));
            _copy5 = module.ImportReference(probe.GetMethod(nameof(Probe.ArrayCopy), new[] { typeof(Array), typeof(int), typeof(Array), typeof(int), typeof(int), typeof(int) }));
            _copy3 = module.ImportReference(probe.GetMethod(nameof(Probe.ArrayCopy), new[] { typeof(Array), typeof(Array), typeof(int), typeof(int) }));
            _blockCopy = module.ImportReference(probe.GetMethod(nameof(Probe.BlockCopy)));
        }

        private void WeaveBody(MethodDefinition method, ModuleDefinition module)
        {
            MethodBody body = method.Body;
            body.SimplifyMacros();
            ILProcessor il = body.GetILProcessor();
            foreach (Instruction instruction in body.Instructions.ToList())
            {
                if (instruction.OpCode == OpCodes.Ldstr)
                {
                    _ldstrSites.Add(MethodNames.Of(method) + ": \"" + instruction.Operand + "\"");
                    Instruction call = il.Create(OpCodes.Call, _loadedString);
                    il.InsertAfter(instruction, call);
                    il.InsertBefore(call, il.Create(OpCodes.Ldc_I4, _ldstrSites.Count - 1));
                }
                else if ((instruction.OpCode == OpCodes.Ldelem_U1 || instruction.OpCode == OpCodes.Ldelem_I1)
                    && instruction.Next != null && instruction.Next.OpCode == OpCodes.Stelem_I1)
                {
                    il.InsertAfter(instruction, il.Create(OpCodes.Call, _byteMoved));
                }
                else if (instruction.Operand is MethodReference target
                    && (instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj))
                {
                    WeaveCallSite(body, instruction, target, module);
                }
            }
            // Entry probe last, before the original first instruction: a loop back to that
            // instruction does not count a second call.
            Instruction first = body.Instructions[0];
            il.InsertBefore(first, il.Create(OpCodes.Ldc_I4, MethodId(MethodNames.Of(method))));
            il.InsertBefore(first, il.Create(OpCodes.Call, _enter));
            body.OptimizeMacros();
            WovenMethods++;
        }

        private void WeaveCallSite(MethodBody body, Instruction call, MethodReference target, ModuleDefinition module)
        {
            string assembly = MethodNames.AssemblyOf(target, module);
            if (assembly == module.Assembly.Name.Name)
            {
                return; // counted by the callee's entry probe
            }
            ILProcessor il = body.GetILProcessor();
            if (assembly == NativeAssembly)
            {
                if (IsNativeType(target.DeclaringType))
                {
                    // A native call on the device (InternalCall). NativeCallStats counts it too, but for
                    // all threads; this count is the measuring thread's only.
                    IlEdit.InsertBefore(body, call, il.Create(OpCodes.Ldc_I4, ExternalId("[native] " + MethodNames.Of(target))), il.Create(OpCodes.Call, _native));
                    CallSites++;
                    return;
                }
                IlEdit.InsertBefore(body, call, il.Create(OpCodes.Ldc_I4, MethodId(NativeAssembly + ": " + MethodNames.Of(target))), il.Create(OpCodes.Call, _enter));
                CallSites++;
                return;
            }
            string name = MethodNames.Of(target);
            MethodReference shim = name == "System.Array::Copy(Array,Int32,Array,Int32,Int32)" ? _copy5
                : name == "System.Array::Copy(Array,Array,Int32)" ? _copy3
                : name == "System.Buffer::BlockCopy(Array,Int32,Array,Int32,Int32)" ? _blockCopy
                : null;
            if (shim != null)
            {
                // The site id goes on the stack after the copy's own arguments, right before the call.
                string caller = MethodNames.Of(body.Method);
                int nth = _copySites.Count(c => c.StartsWith(caller + " #", StringComparison.Ordinal)) + 1;
                _copySites.Add(caller + " #" + nth);
                IlEdit.InsertBefore(body, call, il.Create(OpCodes.Ldc_I4, _copySites.Count - 1));
                call.Operand = shim;
            }
            IlEdit.InsertBefore(body, call, il.Create(OpCodes.Ldc_I4, ExternalId(name)), il.Create(OpCodes.Call, _external));
            CallSites++;
        }

        // The interop class: CryptoNative by name, or (should the native ABI rework rename it) any
        // Usmp.Native type whose host twin forwards through P/Invoke (InternalCall on the device).
        private static bool IsNativeType(TypeReference type)
        {
            if (type.FullName == NativeType)
            {
                return true;
            }
            try
            {
                TypeDefinition definition = type.Resolve();
                return definition != null && definition.Methods.Any(m => m.IsPInvokeImpl);
            }
            catch (AssemblyResolutionException)
            {
                return false;
            }
        }

        private int MethodId(string name)
        {
            if (!_methodIds.TryGetValue(name, out int id))
            {
                id = _methods.Count;
                _methods.Add(name);
                _methodIds.Add(name, id);
            }
            return id;
        }

        private int ExternalId(string name)
        {
            if (!_externalIds.TryGetValue(name, out int id))
            {
                id = _externals.Count;
                _externals.Add(name);
                _externalIds.Add(name, id);
            }
            return id;
        }
    }
}
