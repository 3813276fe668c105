// Static check of the per-frame path for what allocates on nanoCLR although .NET's host build
// shows 0 bytes (spec/nanoframework.md: every executed ldstr creates a NEW string). From the roots
// it walks, breadth first, every call, callvirt and newobj into the analyzed assemblies (virtual
// and interface calls: every implementation found there), skipping cold code (ColdCode) and the
// types in PerFrameRoots.NotDeviceCode and any type with P/Invoke methods (the host twin of the
// InternalCall class: a native call on the device), and reports in warm code:
//   ldstr "text"   (string literals, nameof(...) and the literal parts of concatenations)
//   box T, newobj T::.ctor(...), newarr T
//   call System.String::Concat/Format/..., call X::ToString()   (string building without a literal)
// Blind spots (said, not hidden): BCL methods are not entered (what Socket.Receive allocates
// inside is not seen); delegate invocations (events, the log hook) are not followed.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Usmp.Bench.Instruments
{
    public sealed class Violation
    {
        public string Method;      // Type::Method(params)
        public string What;        // ldstr "text", box T, ...
        public string[] Path;      // root first, Method last

        // The allow-list line: `Type::Method(params): what`.
        public string Key { get { return Method + ": " + What; } }

        public override string ToString()
        {
            return Key + "\n      via " + string.Join(" -> ", Path);
        }
    }

    public sealed class PerFrameAnalyzer
    {
        private readonly List<ModuleDefinition> _modules = new List<ModuleDefinition>();
        private readonly Dictionary<string, MethodDefinition> _methods = new Dictionary<string, MethodDefinition>();
        private readonly HashSet<string> _skipTypes;

        public PerFrameAnalyzer(IEnumerable<string> assemblyPaths, IEnumerable<string> skipTypes = null)
        {
            _skipTypes = new HashSet<string>(skipTypes ?? PerFrameRoots.NotDeviceCode);
            DefaultAssemblyResolver resolver = new DefaultAssemblyResolver();
            foreach (string path in assemblyPaths)
            {
                resolver.AddSearchDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)));
            }
            foreach (string path in assemblyPaths)
            {
                ModuleDefinition module = ModuleDefinition.ReadModule(path, new ReaderParameters { AssemblyResolver = resolver });
                _modules.Add(module);
                foreach (MethodDefinition method in module.GetTypes().SelectMany(t => t.Methods))
                {
                    _methods[MethodNames.Of(method)] = method;
                }
            }
        }

        // Usmp.dll and, beside it, Usmp.Native.dll: the device's code on the per-frame path.
        public static PerFrameAnalyzer ForLibrary(string usmpDll)
        {
            string native = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(usmpDll), "Usmp.Native.dll");
            return new PerFrameAnalyzer(File.Exists(native) ? new[] { usmpDll, native } : new[] { usmpDll });
        }

        // Every violation reachable from the roots (each once per method and description, with the
        // shortest path). Throws when a root is not found.
        public List<Violation> Analyze(IEnumerable<string> roots)
        {
            Dictionary<MethodDefinition, MethodDefinition> parent = new Dictionary<MethodDefinition, MethodDefinition>();
            Queue<MethodDefinition> queue = new Queue<MethodDefinition>();
            foreach (string root in roots)
            {
                if (!_methods.TryGetValue(root, out MethodDefinition method))
                {
                    throw new ArgumentException("per-frame root not found: " + root + " (renamed? update PerFrameRoots)");
                }
                if (!parent.ContainsKey(method))
                {
                    parent[method] = null;
                    queue.Enqueue(method);
                }
            }
            List<Violation> violations = new List<Violation>();
            HashSet<string> seen = new HashSet<string>();
            while (queue.Count > 0)
            {
                MethodDefinition method = queue.Dequeue();
                if (!method.HasBody || ColdCode.IsColdMethod(method) || _skipTypes.Contains(method.DeclaringType.FullName)
                    || method.DeclaringType.Methods.Any(m => m.IsPInvokeImpl))   // a host twin of an InternalCall class
                {
                    continue;
                }
                HashSet<Instruction> cold = ColdCode.Instructions(method.Body);
                foreach (Instruction instruction in method.Body.Instructions)
                {
                    if (cold.Contains(instruction))
                    {
                        continue;
                    }
                    string what = Describe(instruction);
                    if (what != null && seen.Add(MethodNames.Of(method) + ": " + what))
                    {
                        violations.Add(new Violation { Method = MethodNames.Of(method), What = what, Path = PathTo(method, parent) });
                    }
                    if (instruction.Operand is MethodReference target
                        && (instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj))
                    {
                        foreach (MethodDefinition callee in Callees(target, instruction.OpCode == OpCodes.Callvirt))
                        {
                            if (!parent.ContainsKey(callee))
                            {
                                parent[callee] = method;
                                queue.Enqueue(callee);
                            }
                        }
                    }
                }
            }
            return violations;
        }

        private static string Describe(Instruction instruction)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Ldstr:
                    return "ldstr \"" + ((string)instruction.Operand).Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
                case Code.Box:
                    return "box " + ((TypeReference)instruction.Operand).FullName;
                case Code.Newarr:
                    return "newarr " + ((TypeReference)instruction.Operand).FullName;
                case Code.Newobj:
                    return "newobj " + MethodNames.Of((MethodReference)instruction.Operand);
                case Code.Call:
                case Code.Callvirt:
                    MethodReference target = (MethodReference)instruction.Operand;
                    bool builds = (target.DeclaringType.FullName == "System.String" && (target.Name == "Concat" || target.Name == "Format" || target.Name == "Join"))
                        || (target.Name == "ToString" && target.DeclaringType.Scope.Name != null && IsBcl(target));
                    return builds ? "call " + MethodNames.Of(target) : null;
                default:
                    return null;
            }
        }

        private static bool IsBcl(MethodReference target)
        {
            string scope = target.DeclaringType.Scope.Name;
            return scope.StartsWith("System", StringComparison.Ordinal) || scope.StartsWith("mscorlib", StringComparison.Ordinal) || scope == "netstandard";
        }

        // The analyzed methods a call can land in: the target itself when it has a body, and for a
        // virtual or interface call every override / implementation in the analyzed assemblies.
        private IEnumerable<MethodDefinition> Callees(MethodReference target, bool virtualCall)
        {
            if (!_methods.TryGetValue(MethodNames.Of(target), out MethodDefinition method))
            {
                yield break; // outside the analyzed assemblies (BCL)
            }
            if (method.HasBody)
            {
                yield return method;
            }
            if (!virtualCall || !method.IsVirtual)
            {
                yield break;
            }
            string signature = method.Name + "(" + string.Join(",", method.Parameters.Select(p => p.ParameterType.Name)) + ")";
            foreach (TypeDefinition type in _modules.SelectMany(m => m.GetTypes()))
            {
                if (type == method.DeclaringType || !DerivesFrom(type, method.DeclaringType))
                {
                    continue;
                }
                foreach (MethodDefinition candidate in type.Methods)
                {
                    bool sameSignature = candidate.Name + "(" + string.Join(",", candidate.Parameters.Select(p => p.ParameterType.Name)) + ")" == signature;
                    bool explicitImpl = candidate.Overrides.Any(o => MethodNames.Of(o) == MethodNames.Of(method));
                    if (candidate.HasBody && (sameSignature || explicitImpl))
                    {
                        yield return candidate;
                    }
                }
            }
        }

        private static bool DerivesFrom(TypeDefinition type, TypeDefinition baseOrInterface)
        {
            for (TypeDefinition t = type; t != null; t = SafeResolve(t.BaseType))
            {
                if (t.FullName == baseOrInterface.FullName && t != type)
                {
                    return true;
                }
                if (t.Interfaces.Any(i => i.InterfaceType.FullName == baseOrInterface.FullName))
                {
                    return true;
                }
            }
            return false;
        }

        private static TypeDefinition SafeResolve(TypeReference type)
        {
            if (type == null)
            {
                return null;
            }
            try
            {
                return type.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }

        private static string[] PathTo(MethodDefinition method, Dictionary<MethodDefinition, MethodDefinition> parent)
        {
            List<string> path = new List<string>();
            for (MethodDefinition m = method; m != null; m = parent[m])
            {
                path.Add(MethodNames.Of(m));
            }
            path.Reverse();
            return path.ToArray();
        }
    }
}
