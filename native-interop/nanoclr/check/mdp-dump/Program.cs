// mdp-dump: reads a compiled .NET assembly with System.Reflection.Metadata and prints, as JSON on
// stdout, exactly the facts that the nanoFramework MetadataProcessor (MDP) uses to build the native
// method table (method_lookup[]) and the native checksum of an interop assembly. The ordering rules
// and the CRC itself are applied by ../mdp_tables.py; this tool only reads metadata.
//
// Output: { "assembly": name, "nativeVersion": "a.b.c.d" | null,
//           "types": [ one object per TypeDef row except <Module>, in TypeDef table order:
//             { "fullName": "Ns.Name" (nested: "Ns.Outer/Inner", Cecil style), "namespace", "name",
//               "declaringType": fullName | null, "kind": class|valuetype|enum|interface|delegate,
//               "interfaces": [fullName of implemented interfaces DEFINED in this assembly],
//               "usedTypes": [for every method-token operand of every IL body of the type, in IL
//                             order: the return type then the parameter types, reduced to their
//                             innermost element type (what Cecil's Resolve() returns), kept when
//                             defined in this assembly],
//               "methods": [ in MethodDef order: { "name", "static", "virtual", "abstract", "rva",
//                            "ret": T, "params": [T] } ] } ] }
// with T a type expression: "D:<fullName>" (defined here), "R:<fullName>" (referenced),
// "SZARRAY(T)", "BYREF(T)", "ARRAY(T)", "PTR(T)", "GENERICINST(T)", "VAR", "MVAR", "FNPTR".
// Exit 0 ok, 2 unreadable input.
using System;
using System.Globalization;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: mdp-dump <assembly.dll>");
            return 2;
        }
        try
        {
            using var stream = File.OpenRead(args[0]);
            using var pe = new PEReader(stream);
            var md = pe.GetMetadataReader();
            Console.WriteLine(new Dumper(md, pe).Dump());
            return 0;
        }
        catch (Exception e) when (e is IOException || e is BadImageFormatException || e is InvalidOperationException)
        {
            Console.Error.WriteLine("mdp-dump: " + args[0] + ": " + e.Message);
            return 2;
        }
    }
}

internal sealed class Dumper
{
    private readonly MetadataReader _md;
    private readonly PEReader _pe;
    private readonly TypeNames _types;
    private static readonly Dictionary<short, OperandType> Operands = BuildOpcodeTable();

    public Dumper(MetadataReader md, PEReader pe)
    {
        _md = md;
        _pe = pe;
        _types = new TypeNames(md);
    }

    public string Dump()
    {
        var sb = new StringBuilder();
        sb.Append("{\"assembly\":").Append(Json(_md.GetString(_md.GetAssemblyDefinition().Name)));
        sb.Append(",\"nativeVersion\":").Append(NativeVersion() is string v ? Json(v) : "null");
        sb.Append(",\"types\":[");
        bool first = true;
        foreach (var th in _md.TypeDefinitions)
        {
            string full = _types.DefName(th);
            if (full == "<Module>")
            {
                continue;
            }
            if (!first) sb.Append(',');
            first = false;
            DumpType(sb, th, full);
        }
        sb.Append("]}");
        return sb.ToString();
    }

    private void DumpType(StringBuilder sb, TypeDefinitionHandle th, string full)
    {
        var td = _md.GetTypeDefinition(th);
        var decl = td.GetDeclaringType();
        sb.Append("\n{\"fullName\":").Append(Json(full));
        sb.Append(",\"namespace\":").Append(Json(_md.GetString(td.Namespace)));
        sb.Append(",\"name\":").Append(Json(_md.GetString(td.Name)));
        sb.Append(",\"declaringType\":").Append(decl.IsNil ? "null" : Json(_types.DefName(decl)));
        sb.Append(",\"kind\":").Append(Json(Kind(td, full)));
        // Fields: the MDP's assembly header lists static/instance fields of classes and the items
        // (name = constant) of enums (nanoSkeletonGenerator.GenerateAssemblyHeader, ToEnumDeclaration).
        var fields = new List<string>();
        foreach (var fh in td.GetFields())
        {
            var f = _md.GetFieldDefinition(fh);
            var fa = f.Attributes;
            string value = "null";
            var ch = f.GetDefaultValue();
            if (!ch.IsNil)
            {
                var c = _md.GetConstant(ch);
                var r = _md.GetBlobReader(c.Value);
                value = c.TypeCode switch
                {
                    ConstantTypeCode.Int32 => r.ReadInt32().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.UInt32 => r.ReadUInt32().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.Int16 => r.ReadInt16().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.UInt16 => r.ReadUInt16().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.SByte => r.ReadSByte().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.Byte => r.ReadByte().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.Int64 => r.ReadInt64().ToString(CultureInfo.InvariantCulture),
                    ConstantTypeCode.UInt64 => r.ReadUInt64().ToString(CultureInfo.InvariantCulture),
                    _ => "other",
                };
                value = Json(value);
            }
            fields.Add("{\"name\":" + Json(_md.GetString(f.Name)) +
                ",\"static\":" + Bool((fa & FieldAttributes.Static) != 0) +
                ",\"literal\":" + Bool((fa & FieldAttributes.Literal) != 0) +
                ",\"value\":" + value + "}");
        }
        sb.Append(",\"fields\":[").Append(string.Join(",", fields)).Append("]");
        sb.Append(",\"interfaces\":[");
        var itfs = new List<string>();
        foreach (var ih in td.GetInterfaceImplementations())
        {
            var itf = _md.GetInterfaceImplementation(ih).Interface;
            if (itf.Kind == HandleKind.TypeDefinition)
            {
                itfs.Add(Json(_types.DefName((TypeDefinitionHandle)itf)));
            }
        }
        sb.Append(string.Join(",", itfs)).Append("],\"usedTypes\":[");
        var used = new List<string>();
        var methods = new List<string>();
        foreach (var mh in td.GetMethods())
        {
            var m = _md.GetMethodDefinition(mh);
            var sig = m.DecodeSignature(_types, null);
            var a = m.Attributes;
            methods.Add("\n  {\"name\":" + Json(_md.GetString(m.Name)) +
                ",\"static\":" + Bool((a & MethodAttributes.Static) != 0) +
                ",\"virtual\":" + Bool((a & MethodAttributes.Virtual) != 0) +
                ",\"abstract\":" + Bool((a & MethodAttributes.Abstract) != 0) +
                ",\"rva\":" + m.RelativeVirtualAddress +
                ",\"ret\":" + Json(sig.ReturnType) +
                ",\"params\":[" + string.Join(",", JsonAll(sig.ParameterTypes)) + "]}");
            if (m.RelativeVirtualAddress != 0)
            {
                foreach (var token in MethodOperands(_pe.GetMethodBody(m.RelativeVirtualAddress).GetILBytes()!))
                {
                    foreach (var t in OperandTypes(token))
                    {
                        var inner = Innermost(t);
                        if (inner.StartsWith("D:", StringComparison.Ordinal))
                        {
                            used.Add(Json(inner.Substring(2)));
                        }
                    }
                }
            }
        }
        sb.Append(string.Join(",", used)).Append("],\"methods\":[");
        sb.Append(string.Join(",", methods)).Append("]}");
    }

    private string Kind(TypeDefinition td, string full)
    {
        if ((td.Attributes & TypeAttributes.Interface) != 0) return "interface";
        string b = td.BaseType.IsNil ? "" : _types.AnyName(td.BaseType);
        if (b == "System.Enum") return "enum";
        if (b == "System.ValueType" && full != "System.Enum") return "valuetype";
        if (b == "System.MulticastDelegate") return "delegate";
        if (b == "System.Delegate" && full != "System.MulticastDelegate") return "delegate";
        return "class";
    }

    // Return + parameter types of the method a token names (MethodDef, MemberRef with a method
    // signature, MethodSpec -> its generic method). Field MemberRefs yield nothing.
    private IEnumerable<string> OperandTypes(int token)
    {
        var h = MetadataTokens.EntityHandle(token);
        if (h.Kind == HandleKind.MethodSpecification)
        {
            h = _md.GetMethodSpecification((MethodSpecificationHandle)h).Method;
        }
        MethodSignature<string> sig;
        if (h.Kind == HandleKind.MethodDefinition)
        {
            sig = _md.GetMethodDefinition((MethodDefinitionHandle)h).DecodeSignature(_types, null);
        }
        else if (h.Kind == HandleKind.MemberReference)
        {
            var mr = _md.GetMemberReference((MemberReferenceHandle)h);
            if (mr.GetKind() != MemberReferenceKind.Method) yield break;
            sig = mr.DecodeMethodSignature(_types, null);
        }
        else
        {
            yield break;
        }
        yield return sig.ReturnType;
        foreach (var p in sig.ParameterTypes) yield return p;
    }

    private static string Innermost(string t)
    {
        while (t.EndsWith(")", StringComparison.Ordinal) && t.IndexOf('(') > 0)
        {
            t = t.Substring(t.IndexOf('(') + 1, t.Length - t.IndexOf('(') - 2);
        }
        return t;
    }

    // Tokens of every InlineMethod operand and of every InlineTok operand that names a method.
    private static IEnumerable<int> MethodOperands(byte[] il)
    {
        int i = 0;
        while (i < il.Length)
        {
            short code = il[i++];
            if (code == 0xFE) code = (short)(0xFE00 | il[i++]);
            if (!Operands.TryGetValue(code, out var ot))
            {
                throw new InvalidOperationException($"unknown IL opcode 0x{code:X}");
            }
            int size = ot switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (ot == OperandType.InlineMethod || ot == OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, i);
                int table = (int)((uint)token >> 24);
                if (ot == OperandType.InlineMethod || table == 0x06 || table == 0x0A || table == 0x2B)
                {
                    yield return token;
                }
            }
            i += size;
        }
    }

    private static Dictionary<short, OperandType> BuildOpcodeTable()
    {
        var t = new Dictionary<short, OperandType>();
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (f.GetValue(null) is OpCode op)
            {
                t[op.Value] = op.OperandType;
            }
        }
        return t;
    }

    // [assembly: AssemblyNativeVersion("a.b.c.d")]: blob = prolog 0x0001, SerString.
    private string? NativeVersion()
    {
        foreach (var ch in _md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var ca = _md.GetCustomAttribute(ch);
            EntityHandle type = ca.Constructor.Kind == HandleKind.MemberReference
                ? _md.GetMemberReference((MemberReferenceHandle)ca.Constructor).Parent
                : _md.GetMethodDefinition((MethodDefinitionHandle)ca.Constructor).GetDeclaringType();
            if (!_types.AnyName(type).EndsWith("AssemblyNativeVersionAttribute", StringComparison.Ordinal)) continue;
            var r = _md.GetBlobReader(ca.Value);
            if (r.ReadUInt16() != 1) return null;
            return r.ReadSerializedString();
        }
        return null;
    }

    private static IEnumerable<string> JsonAll(ImmutableArray<string> items)
    {
        foreach (var s in items) yield return Json(s);
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private static string Json(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}

// Signature decoding into the type expressions described at the top.
internal sealed class TypeNames : ISignatureTypeProvider<string, object?>
{
    private readonly MetadataReader _md;

    public TypeNames(MetadataReader md) => _md = md;

    public string DefName(TypeDefinitionHandle h)
    {
        var td = _md.GetTypeDefinition(h);
        var decl = td.GetDeclaringType();
        string name = _md.GetString(td.Name);
        if (!decl.IsNil) return DefName(decl) + "/" + name;
        string ns = _md.GetString(td.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string RefName(TypeReferenceHandle h)
    {
        var tr = _md.GetTypeReference(h);
        string name = _md.GetString(tr.Name);
        if (tr.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return RefName((TypeReferenceHandle)tr.ResolutionScope) + "/" + name;
        }
        string ns = _md.GetString(tr.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string AnyName(EntityHandle h) => h.Kind switch
    {
        HandleKind.TypeDefinition => DefName((TypeDefinitionHandle)h),
        HandleKind.TypeReference => RefName((TypeReferenceHandle)h),
        _ => "",
    };

    public string GetPrimitiveType(PrimitiveTypeCode c) => "R:System." + c switch
    {
        PrimitiveTypeCode.Void => "Void", PrimitiveTypeCode.Boolean => "Boolean", PrimitiveTypeCode.Char => "Char",
        PrimitiveTypeCode.SByte => "SByte", PrimitiveTypeCode.Byte => "Byte", PrimitiveTypeCode.Int16 => "Int16",
        PrimitiveTypeCode.UInt16 => "UInt16", PrimitiveTypeCode.Int32 => "Int32", PrimitiveTypeCode.UInt32 => "UInt32",
        PrimitiveTypeCode.Int64 => "Int64", PrimitiveTypeCode.UInt64 => "UInt64", PrimitiveTypeCode.Single => "Single",
        PrimitiveTypeCode.Double => "Double", PrimitiveTypeCode.String => "String", PrimitiveTypeCode.Object => "Object",
        PrimitiveTypeCode.IntPtr => "IntPtr", PrimitiveTypeCode.UIntPtr => "UIntPtr",
        PrimitiveTypeCode.TypedReference => "TypedReference",
        _ => c.ToString(),
    };

    public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle h, byte kind) => "D:" + DefName(h);
    public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle h, byte kind) => "R:" + RefName(h);
    public string GetTypeFromSpecification(MetadataReader r, object? ctx, TypeSpecificationHandle h, byte kind) =>
        r.GetTypeSpecification(h).DecodeSignature(this, ctx);
    public string GetSZArrayType(string e) => "SZARRAY(" + e + ")";
    public string GetArrayType(string e, ArrayShape s) => "ARRAY(" + e + ")";
    public string GetByReferenceType(string e) => "BYREF(" + e + ")";
    public string GetPointerType(string e) => "PTR(" + e + ")";
    public string GetPinnedType(string e) => e;
    public string GetModifiedType(string m, string u, bool req) => u;
    public string GetGenericInstantiation(string g, ImmutableArray<string> a) => "GENERICINST(" + g + ")";
    public string GetGenericTypeParameter(object? ctx, int i) => "VAR";
    public string GetGenericMethodParameter(object? ctx, int i) => "MVAR";
    public string GetFunctionPointerType(MethodSignature<string> s) => "FNPTR";
}
