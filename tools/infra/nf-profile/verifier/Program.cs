// nf-verify: the metadata half of the nanoFramework profile gate.
//
// The gate first compiles a project against OUR reference assemblies (tools/infra/nf-profile/ref), which
// declare no generic type at all, no Span<T>, no Task, no Linq, no FixedBuffer/IsUnmanaged
// attributes and without /unsafe. That alone stops every use of a missing API. What still COMPILES
// but cannot run on the stable nanoCLR 1.17 (shared/spec/nanoframework.md section 1) is what this
// tool rejects, by reading the compiled assembly with System.Reflection.Metadata:
//
//  1. generic definitions: any GenericParam table row (generic class, struct, interface, delegate
//     or method; the row exists for each type parameter, whoever owns it);
//  2. generic instantiations: any MethodSpec row (call of a generic method) and any TypeSpec whose
//     blob is a GENERICINST (use of a generic type);
//  3. in EVERY signature blob of the assembly - field, method definition, member reference,
//     property, standalone signature (method-body locals and calli sites) and TypeSpec - the element
//     types PTR (unsafe pointer), FNPTR (delegate*), ARRAY (multidimensional array, also int[1..]),
//     VAR/MVAR (generic parameters), GENERICINST, TYPEDBYREF, PINNED locals (C# `fixed`) and custom
//     modifiers other than InAttribute / IsVolatile;
//  4. in every method body, the IL opcodes that only unsafe code or varargs produce: localloc
//     (stackalloc), calli (function pointers), cpblk/initblk, arglist, mkrefany/refanyval/refanytype;
//  5. P/Invoke (DllImport) methods: the nanoCLR has no P/Invoke, only InternalCall;
//  6. compiler-synthesized attribute types defined in the assembly itself (EmbeddedAttribute,
//     NullableAttribute, RefSafetyRulesAttribute ...): the MetadataProcessor keeps some of them and
//     shifts the native method table (spec section 0).
//
// Output: one "VIOLATION <assembly>: <what> (<where>)" line per finding; exit code 1 if any,
// 2 on unreadable input, 0 if clean.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: nf-verify <assembly.dll>... | --identity <dll> | --types <dll>");
            return 2;
        }

        if (args.Length == 2 && (args[0] == "--identity" || args[0] == "--types"))
        {
            return Inspect.Run(args[0], args[1]);
        }

        int total = 0;
        foreach (string path in args)
        {
            List<string> findings;
            try
            {
                findings = AssemblyChecker.Check(path);
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is InvalidOperationException)
            {
                Console.Error.WriteLine($"nf-verify: cannot read {path}: {e.Message}");
                return 2;
            }

            foreach (string f in findings)
            {
                Console.WriteLine($"VIOLATION {Path.GetFileName(path)}: {f}");
            }

            total += findings.Count;
        }

        return total == 0 ? 0 : 1;
    }
}

// Read-only queries used by build-refs.sh on the REAL nanoFramework mscorlib.dll and on our stand-ins:
//   --identity <dll>  prints "<AssemblyName> <Version>" (the restored package must be the one pinned);
//   --types <dll>     prints every public type as "Namespace.Name" (nested: "Outer+Inner"), one a line,
//                     so a stand-in that re-declares a type the real mscorlib already has is caught.
internal static class Inspect
{
    public static int Run(string mode, string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using PEReader pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            if (mode == "--identity")
            {
                AssemblyDefinition a = md.GetAssemblyDefinition();
                Console.WriteLine($"{md.GetString(a.Name)} {a.Version}");
                return 0;
            }

            foreach (TypeDefinitionHandle h in md.TypeDefinitions)
            {
                if (IsPublic(md, h))
                {
                    Console.WriteLine(FullName(md, h));
                }
            }

            return 0;
        }
        catch (Exception e) when (e is IOException || e is BadImageFormatException || e is InvalidOperationException)
        {
            Console.Error.WriteLine($"nf-verify: cannot read {path}: {e.Message}");
            return 2;
        }
    }

    private static bool IsPublic(MetadataReader md, TypeDefinitionHandle h)
    {
        TypeDefinition t = md.GetTypeDefinition(h);
        TypeAttributes vis = t.Attributes & TypeAttributes.VisibilityMask;
        if (vis == TypeAttributes.Public)
        {
            return true;
        }

        bool nestedVisible = vis == TypeAttributes.NestedPublic || vis == TypeAttributes.NestedFamily || vis == TypeAttributes.NestedFamORAssem;
        return nestedVisible && IsPublic(md, t.GetDeclaringType());
    }

    private static string FullName(MetadataReader md, TypeDefinitionHandle h)
    {
        TypeDefinition t = md.GetTypeDefinition(h);
        TypeDefinitionHandle outer = t.GetDeclaringType();
        if (!outer.IsNil)
        {
            return FullName(md, outer) + "+" + md.GetString(t.Name);
        }

        string ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name);
    }
}

internal sealed class AssemblyChecker
{
    private static readonly HashSet<string> AllowedModifiers = new HashSet<string>
    {
        "System.Runtime.InteropServices.InAttribute",   // `in` parameters / ref readonly returns
        "System.Runtime.CompilerServices.IsVolatile",   // `volatile` fields
    };

    private static readonly HashSet<string> SynthesizedAttributeNames = new HashSet<string>
    {
        "EmbeddedAttribute", "NullableAttribute", "NullableContextAttribute", "NullablePublicOnlyAttribute",
        "IsReadOnlyAttribute", "IsByRefLikeAttribute", "IsUnmanagedAttribute", "NativeIntegerAttribute",
        "RefSafetyRulesAttribute", "ScopedRefAttribute", "RequiresLocationAttribute", "ParamCollectionAttribute",
    };

    private readonly MetadataReader _md;
    private readonly PEReader _pe;
    private readonly List<string> _findings = new List<string>();
    private readonly SignatureChecker _sig;

    private AssemblyChecker(PEReader pe)
    {
        _pe = pe;
        _md = pe.GetMetadataReader();
        _sig = new SignatureChecker(_md, _findings);
    }

    public static List<string> Check(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using PEReader pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("no metadata");
        }

        AssemblyChecker c = new AssemblyChecker(pe);
        c.Run();
        return c._findings;
    }

    private void Run()
    {
        CheckTypes();
        CheckMethodSpecs();
        CheckTypeSpecs();
        CheckMemberRefs();
        CheckStandaloneSigs();
    }

    private string TypeName(TypeDefinitionHandle h)
    {
        TypeDefinition t = _md.GetTypeDefinition(h);
        string name = _md.GetString(t.Name);
        string ns = _md.GetString(t.Namespace);
        TypeDefinitionHandle outer = t.GetDeclaringType();
        if (!outer.IsNil)
        {
            return TypeName(outer) + "+" + name;
        }

        return ns.Length == 0 ? name : ns + "." + name;
    }

    private void CheckTypes()
    {
        foreach (TypeDefinitionHandle th in _md.TypeDefinitions)
        {
            TypeDefinition t = _md.GetTypeDefinition(th);
            string tname = TypeName(th);
            if (t.GetGenericParameters().Count > 0)
            {
                _findings.Add($"generic type definition {tname} (no generics on nanoCLR 1.17)");
            }

            string ns = _md.GetString(t.Namespace);
            string simple = _md.GetString(t.Name);
            if (ns == "Microsoft.CodeAnalysis" || (ns == "System.Runtime.CompilerServices" && SynthesizedAttributeNames.Contains(simple)))
            {
                _findings.Add($"compiler-synthesized type {tname} in the assembly (shifts the MDP native method table; use LangVersion 9, no #nullable, no ref struct/in/readonly-ref features that need it)");
            }

            foreach (FieldDefinitionHandle fh in t.GetFields())
            {
                FieldDefinition f = _md.GetFieldDefinition(fh);
                _sig.Where = $"field {tname}.{_md.GetString(f.Name)}";
                f.DecodeSignature(_sig, null);
            }

            foreach (PropertyDefinitionHandle ph in t.GetProperties())
            {
                PropertyDefinition p = _md.GetPropertyDefinition(ph);
                _sig.Where = $"property {tname}.{_md.GetString(p.Name)}";
                p.DecodeSignature(_sig, null);
            }

            foreach (MethodDefinitionHandle mh in t.GetMethods())
            {
                CheckMethod(tname, mh);
            }
        }
    }

    private void CheckMethod(string tname, MethodDefinitionHandle mh)
    {
        MethodDefinition m = _md.GetMethodDefinition(mh);
        string mname = $"{tname}.{_md.GetString(m.Name)}";
        if (m.GetGenericParameters().Count > 0)
        {
            _findings.Add($"generic method definition {mname} (no generics on nanoCLR 1.17)");
        }

        if ((m.Attributes & MethodAttributes.PinvokeImpl) != 0)
        {
            _findings.Add($"P/Invoke method {mname} (nanoCLR has InternalCall only)");
        }

        _sig.Where = $"signature of {mname}";
        m.DecodeSignature(_sig, null);

        if (m.RelativeVirtualAddress == 0)
        {
            return;
        }

        MethodBodyBlock body = _pe.GetMethodBody(m.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            StandaloneSignature locals = _md.GetStandaloneSignature(body.LocalSignature);
            _sig.Where = $"locals of {mname}";
            locals.DecodeLocalSignature(_sig, null);
        }

        IlScanner.Scan(body.GetILReader(), mname, _findings);
    }

    private void CheckMethodSpecs()
    {
        foreach (MethodSpecificationHandle h in EnumerateMethodSpecs())
        {
            MethodSpecification spec = _md.GetMethodSpecification(h);
            _findings.Add($"generic method instantiation ({DescribeMethod(spec.Method)})");
        }
    }

    private IEnumerable<MethodSpecificationHandle> EnumerateMethodSpecs()
    {
        int n = _md.GetTableRowCount(TableIndex.MethodSpec);
        for (int i = 1; i <= n; i++)
        {
            yield return MetadataTokens.MethodSpecificationHandle(i);
        }
    }

    private string DescribeMethod(EntityHandle h)
    {
        if (h.Kind == HandleKind.MemberReference)
        {
            return _md.GetString(_md.GetMemberReference((MemberReferenceHandle)h).Name);
        }

        if (h.Kind == HandleKind.MethodDefinition)
        {
            return _md.GetString(_md.GetMethodDefinition((MethodDefinitionHandle)h).Name);
        }

        return h.Kind.ToString();
    }

    private void CheckTypeSpecs()
    {
        int n = _md.GetTableRowCount(TableIndex.TypeSpec);
        for (int i = 1; i <= n; i++)
        {
            TypeSpecification ts = _md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(i));
            _sig.Where = "type specification";
            ts.DecodeSignature(_sig, null);
        }
    }

    private void CheckMemberRefs()
    {
        foreach (MemberReferenceHandle h in _md.MemberReferences)
        {
            MemberReference r = _md.GetMemberReference(h);
            _sig.Where = $"reference to {_md.GetString(r.Name)}";
            if (r.GetKind() == MemberReferenceKind.Method)
            {
                r.DecodeMethodSignature(_sig, null);
            }
            else
            {
                r.DecodeFieldSignature(_sig, null);
            }
        }
    }

    private void CheckStandaloneSigs()
    {
        int n = _md.GetTableRowCount(TableIndex.StandAloneSig);
        for (int i = 1; i <= n; i++)
        {
            StandaloneSignature s = _md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(i));
            _sig.Where = "standalone signature";
            if (s.GetKind() == StandaloneSignatureKind.LocalVariables)
            {
                s.DecodeLocalSignature(_sig, null);
            }
            else
            {
                _findings.Add("standalone method signature (calli / function pointer)");
                s.DecodeMethodSignature(_sig, null);
            }
        }
    }

    private sealed class SignatureChecker : ISignatureTypeProvider<string, object?>
    {
        private readonly MetadataReader _md;
        private readonly List<string> _findings;

        public SignatureChecker(MetadataReader md, List<string> findings)
        {
            _md = md;
            _findings = findings;
        }

        public string Where { get; set; } = "";

        private string Bad(string what, string type)
        {
            string f = $"{what} {type} ({Where})";
            if (!_findings.Contains(f))
            {
                _findings.Add(f);
            }

            return type;
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) =>
            typeCode == PrimitiveTypeCode.TypedReference ? Bad("TypedReference", "TypedReference") : typeCode.ToString();

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            TypeDefinition t = reader.GetTypeDefinition(handle);
            return reader.GetString(t.Namespace) + "." + reader.GetString(t.Name);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference t = reader.GetTypeReference(handle);
            return reader.GetString(t.Namespace) + "." + reader.GetString(t.Name);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) =>
            Bad("multidimensional/non-zero-based array", $"{elementType}[{new string(',', Math.Max(0, shape.Rank - 1))}]");

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => Bad("pointer type", elementType + "*");

        public string GetFunctionPointerType(MethodSignature<string> signature) => Bad("function pointer type", "delegate*");

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            Bad("generic instantiation", $"{genericType}<{string.Join(",", typeArguments)}>");

        public string GetGenericMethodParameter(object? genericContext, int index) => Bad("generic method parameter", "!!" + index);

        public string GetGenericTypeParameter(object? genericContext, int index) => Bad("generic type parameter", "!" + index);

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
            AllowedModifiers.Contains(modifier) ? unmodifiedType : Bad($"custom modifier {modifier} on", unmodifiedType);

        public string GetPinnedType(string elementType) => Bad("pinned local (fixed statement)", elementType);
    }
}

internal static class IlScanner
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = BuildTable();

    private static readonly Dictionary<ushort, string> Forbidden = new Dictionary<ushort, string>
    {
        { 0xFE0F, "localloc (stackalloc)" },
        { 0x0029, "calli (function pointer call)" },
        { 0xFE17, "cpblk (unsafe block copy)" },
        { 0xFE18, "initblk (unsafe block init)" },
        { 0xFE00, "arglist (__arglist)" },
        { 0x00C6, "mkrefany (__makeref)" },
        { 0x00C2, "refanyval (__refvalue)" },
        { 0xFE1D, "refanytype (__reftype)" },
    };

    private static Dictionary<ushort, OpCode> BuildTable()
    {
        Dictionary<ushort, OpCode> d = new Dictionary<ushort, OpCode>();
        foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (f.GetValue(null) is OpCode op)
            {
                d[unchecked((ushort)op.Value)] = op;
            }
        }

        return d;
    }

    public static void Scan(BlobReader il, string method, List<string> findings)
    {
        while (il.RemainingBytes > 0)
        {
            int offset = il.Offset;
            ushort value = il.ReadByte();
            if (value == 0xFE)
            {
                value = (ushort)(0xFE00 | il.ReadByte());
            }

            if (!OpCodesByValue.TryGetValue(value, out OpCode op))
            {
                findings.Add($"unknown IL opcode 0x{value:X4} at IL_{offset:X4} in {method}");
                return;
            }

            if (Forbidden.TryGetValue(value, out string? why))
            {
                findings.Add($"IL {why} at IL_{offset:X4} in {method}");
            }

            SkipOperand(ref il, op.OperandType);
        }
    }

    private static void SkipOperand(ref BlobReader il, OperandType type)
    {
        switch (type)
        {
            case OperandType.InlineNone:
                break;
            case OperandType.ShortInlineBrTarget:
            case OperandType.ShortInlineI:
            case OperandType.ShortInlineVar:
                il.Offset += 1;
                break;
            case OperandType.InlineVar:
                il.Offset += 2;
                break;
            case OperandType.InlineI8:
            case OperandType.InlineR:
                il.Offset += 8;
                break;
            case OperandType.InlineSwitch:
                int n = il.ReadInt32();
                il.Offset += 4 * n;
                break;
            default:
                il.Offset += 4; // tokens, InlineI, InlineBrTarget, ShortInlineR
                break;
        }
    }
}
