#!/usr/bin/env python3
"""Recomputes the two values of an interop assembly's glue that belong to nanoFramework's
MetadataProcessor (MDP 3.x, the 1.17 line): the method_lookup[] order and the native checksum.

Input: the JSON that check/mdp-dump (C#, System.Reflection.Metadata) prints for a compiled
assembly. This file applies the MDP's rules, re-implemented from its public source
(nanoframework/metadata-processor, MetadataProcessor.Shared: nanoTablesContext.cs,
nanoTypeDefinitionTable.cs, nanoSkeletonGenerator.cs, Utility/NativeMethodsCrc.cs, Utility/Crc32.cs,
Extensions/TypeDefinitionExtensions.cs, nanoAssemblyBuilder.cs):

Type order (nanoTablesContext.GetOrderedTypes / SortTypesAccordingUsages):
  every TypeDef except <Module>, sorted by full name (LINQ OrderBy with the default, culture-aware
  string comparer), then emitted depth-first: for each type not yet emitted, first its declaring
  type, then the interfaces it implements that are defined in the assembly, then (after marking it
  emitted) the types defined in the assembly that appear as return/parameter types of the methods
  its IL calls (call/callvirt/newobj/ldftn/ldtoken operands, in IL order), then the type itself.
Method order per type (GetOrderedMethods): virtual methods, then instance non-virtual, then
  static; each group in MethodDef order.
method_lookup (nanoSkeletonGenerator.GenerateAssemblyLookup, after Minimize, which keeps every
  method of every non-excluded type): for every type with methods, in type order, one slot per
  method in method order: Library_<Project>_<Class>::<Mangled> for a method without IL that is
  not abstract (InternalCall), "NULL" otherwise; a type that is not a class or value type (enum,
  interface, delegate) gets NULL for all of its methods.
Checksum (NativeMethodsCrc.UpdateCrc over the type table, BEFORE Minimize):
  CRC-32, polynomial 0x04C11DB7, MSB first (not reflected), no final XOR, each string fed as ASCII
  with the running value as the initial value. For each class/value type not excluded, for each
  method in method order: an InternalCall method feeds <AssemblyName>, <Class>, <Mangled>;
  any other method feeds "NULL". The running value is read through CurrentCrc, which is 0 while
  no InternalCall method has been counted: so every "NULL" before the first InternalCall method is
  lost, and the first InternalCall method contributes only CRC(<Mangled>) from 0 (its assembly
  and class names are computed from 0 and overwritten). A type list without InternalCall methods
  gives 0 (and the MDP then generates no stubs).
Names: <Class> = namespace_type with '.' -> '_' (nested: Declaring_..._Name); <Mangled> =
  <Method>___[STATIC__]<RET>__<ARG>... with '.' -> '_' and '/' removed, types per
  NativeMethodsCrc.GetParameterType (SZARRAY_<innermost element>, BYREF_<T>, primitives by name,
  other types as their full name without dots).

Usage:
  mdp_tables.py DUMP.json --project Usmp.Native_native                 print order and checksum
  mdp_tables.py DUMP.json --project P --render-cpp OUT.cpp            write the generated .cpp
  mdp_tables.py DUMP.json --project P --check-cpp FILE.cpp            exit 1 if FILE differs
  mdp_tables.py --self-test                                            CRC/name unit checks
"""
import argparse
import difflib
import json
import re
import sys
import unicodedata

PRIMITIVES = {  # nanoSignaturesTable.PrimitiveTypes (full name -> nanoCLR data type name)
    "System.Void": "VOID", "System.SByte": "I1", "System.Int16": "I2", "System.Int32": "I4",
    "System.Int64": "I8", "System.Byte": "U1", "System.UInt16": "U2", "System.UInt32": "U4",
    "System.UInt64": "U8", "System.Single": "R4", "System.Double": "R8", "System.Char": "CHAR",
    "System.String": "STRING", "System.Boolean": "BOOLEAN", "System.Object": "OBJECT",
    "System.IntPtr": "I4", "System.UIntPtr": "U4", "System.WeakReference": "WEAKCLASS",
}


class MdpError(Exception):
    """Input the MDP rules do not cover (reported, never guessed)."""


def crc32_mdp(data, crc=0):
    """CRC-32/0x04C11DB7, MSB first, no reflection, no final XOR (MDP Utility/Crc32.cs)."""
    for b in data:
        crc ^= b << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else (crc << 1)
            crc &= 0xFFFFFFFF
    return crc


def split_type(t):
    """'SZARRAY(X)' -> ('SZARRAY', 'X'); 'D:Ns.T' -> ('D', 'Ns.T')."""
    if t.endswith(")") and "(" in t:
        i = t.index("(")
        return t[:i], t[i + 1:-1]
    if t[:2] in ("D:", "R:"):
        return t[0], t[2:]
    return t, None


def innermost(t):
    kind, inner = split_type(t)
    while kind in ("SZARRAY", "BYREF", "ARRAY", "PTR", "GENERICINST"):
        t = inner
        kind, inner = split_type(t)
    return t


def clr_type_name(t):
    """NativeMethodsCrc.GetnanoClrTypeName (without the DATATYPE_ prefix)."""
    kind, name = split_type(t)
    if kind in ("VAR", "MVAR"):
        return "GENERICTYPE"
    if kind in ("D", "R"):
        return PRIMITIVES.get(name, name.replace(".", ""))
    raise MdpError("type %s has no MDP name rule" % t)


def parameter_type(t):
    """NativeMethodsCrc.GetParameterType."""
    kind, inner = split_type(t)
    if kind in ("SZARRAY", "ARRAY"):
        return "SZARRAY_" + parameter_type(innermost(inner))  # Cecil GetElementType() is the innermost
    if kind == "BYREF":
        ek, einner = split_type(inner)
        if ek in ("SZARRAY", "ARRAY"):
            return "BYREF_SZARRAY_" + parameter_type(innermost(einner))
        return "BYREF_" + clr_type_name(inner)
    if kind in ("PTR", "FNPTR", "GENERICINST"):
        raise MdpError("type %s is not supported by the nanoCLR 1.x" % t)
    return clr_type_name(t)


def method_name(m):
    """NativeMethodsCrc.GetMethodName."""
    parts = [parameter_type(m["ret"])] + [parameter_type(p) for p in m["params"]]
    name = m["name"] + ("___STATIC__" if m["static"] else "___") + "__".join(parts)
    return name.replace(".", "_").replace("/", "")


def class_name(t, by_name):
    """NativeMethodsCrc.GetClassName: Declaring_Namespace_Name, '.' -> '_', leading '_' trimmed."""
    decl = class_name(by_name[t["declaringType"]], by_name) if t["declaringType"] else ""
    return "_".join([decl, t["namespace"], t["name"]]).replace(".", "_").lstrip("_")


def culture_key(s):
    """Approximates .NET's culture-aware default string order (what LINQ OrderBy uses): symbols
    before digits before letters, letters case-insensitive first, lower case before upper case on
    a tie. Ordinal order is used unless the two disagree, which is then reported."""
    def cls(c):
        if c.isalpha():
            return 2
        if c.isdigit():
            return 1
        return 0
    primary = tuple((cls(c), unicodedata.normalize("NFKD", c).lower()) for c in s)
    tertiary = tuple(0 if c.islower() else 1 for c in s)
    return (primary, tertiary)


def ordered_types(types, warnings):
    by_name = {t["fullName"]: t for t in types}
    ordinal = sorted(by_name)
    culture = sorted(by_name, key=culture_key)
    if ordinal != culture:
        warnings.append("type order depends on the culture-aware comparer (%s vs %s): compare with MDP output"
                        % (ordinal, culture))
    done, out = set(), []

    def visit(names):
        for n in names:
            if n in done or n not in by_name:
                continue
            t = by_name[n]
            if t["declaringType"]:
                visit([t["declaringType"]])
            visit(t["interfaces"])
            if n not in done:
                done.add(n)
                visit(t["usedTypes"])
                out.append(t)

    visit(culture)
    return out


def ordered_methods(t):
    ms = t["methods"]
    return ([m for m in ms if m["virtual"]] + [m for m in ms if not m["virtual"] and not m["static"]]
            + [m for m in ms if m["static"]])


def include_in_stub(t):
    return t["kind"] in ("class", "valuetype")


def is_native(m):
    return m["rva"] == 0 and not m["abstract"]


def compute(dump, project, exclude=()):
    """Returns (checksum, lookup) with lookup = [(declaration or 'NULL', 'Type::method')]."""
    warnings = []
    types = ordered_types(dump["types"], warnings)
    by_name = {t["fullName"]: t for t in dump["types"]}
    excluded = lambda t: t["fullName"] in exclude or t["name"] in exclude or t["declaringType"] in exclude
    asm = dump["assembly"].encode("ascii")
    crc, natives = 0, 0
    for t in types:
        if not include_in_stub(t) or excluded(t):
            continue
        cls = class_name(t, by_name).encode("ascii")
        for m in ordered_methods(t):
            current = crc if natives else 0           # NativeMethodsCrc.CurrentCrc
            if is_native(m):
                crc = crc32_mdp(asm, current)
                crc = crc32_mdp(cls, crc if natives else 0)
                crc = crc32_mdp(method_name(m).encode("ascii"), crc if natives else 0)
                natives += 1
            else:
                crc = crc32_mdp(b"NULL", current)
    checksum = crc if natives else 0
    safe = project.replace(".", "_")
    lookup = []
    for t in types:
        if excluded(t) or not t["methods"]:
            continue
        for m in ordered_methods(t):
            label = "%s::%s" % (t["fullName"], m["name"])
            if include_in_stub(t) and is_native(m):
                lookup.append(("Library_%s_%s::%s" % (safe, class_name(t, by_name), method_name(m)), label))
            else:
                lookup.append(("NULL", label))
    return checksum, lookup, warnings


HEADER = """//-----------------------------------------------------------------------------
//
//    ** DO NOT EDIT THIS FILE! **
//    This file was generated by a tool
//    re-running the tool will overwrite this file.
//
//-----------------------------------------------------------------------------
"""


def render_cpp(dump, project, checksum, lookup):
    version = dump.get("nativeVersion")
    if not version:
        raise MdpError("the assembly has no [assembly: AssemblyNativeVersion(\"a.b.c.d\")] (the MDP refuses it)")
    parts = (version.split(".") + ["0", "0", "0", "0"])[:4]
    safe = project.replace(".", "_")
    asm_sym = dump["assembly"].replace(".", "_")
    lines = [HEADER, '#include "%s.h"' % safe, "", "// clang-format off", "",
             "static const CLR_RT_MethodHandler method_lookup[] =", "{"]
    for decl, label in lookup:
        lines.append("    %s," % decl)   # MDP writes no comments (SkeletonTemplates.AssemblyLookupTemplate)
    lines += ["};", "", "const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_%s =" % asm_sym, "{",
              '    "%s",' % dump["assembly"], "    0x%08X," % checksum, "    method_lookup,",
              "    { %s }" % ", ".join(str(int(p)) for p in parts), "};", "", "// clang-format on", ""]
    return "\n".join(lines)


def check_native_version(info_path, dump, cpp_path):
    """AssemblyNativeVersion in AssemblyInfo.cs == the compiled assembly's == the glue's { a, b, c, d }."""
    with open(info_path, encoding="utf-8") as f:
        m = re.search(r'^\s*\[assembly:\s*AssemblyNativeVersion\("([0-9.]+)"\)\]', f.read(), re.M)
    src = m.group(1) if m else None
    errors = []
    if src is None:
        errors.append("%s has no [assembly: AssemblyNativeVersion(\"a.b.c.d\")]" % info_path)
    elif src != dump.get("nativeVersion"):
        errors.append("AssemblyNativeVersion %s in %s, %s in the compiled assembly" % (src, info_path, dump.get("nativeVersion")))
    if cpp_path and src:
        with open(cpp_path, encoding="utf-8") as f:
            g = re.search(r"method_lookup,\s*\{\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\s*\}", f.read())
        want = [str(int(x)) for x in (src.split(".") + ["0"] * 4)[:4]]
        if not g or list(g.groups()) != want:
            errors.append("%s: native version %s, AssemblyNativeVersion is %s" % (cpp_path, "{%s}" % ", ".join(g.groups()) if g else "missing", src))
    for e in errors:
        print("MISMATCH: " + e)
    if not errors:
        print("ok   AssemblyNativeVersion %s: AssemblyInfo.cs, compiled assembly and glue agree" % src)
    return 1 if errors else 0


def self_test():
    """Known-answer checks of the building blocks; each can fail."""
    errors = []
    # CRC-32/MPEG-2 without its 0xFFFFFFFF init is this CRC; check value of "123456789" from init 0
    # (CRC-32/MPEG-2 check 0x0376E6E7 uses init 0xFFFFFFFF; both are asserted).
    if crc32_mdp(b"123456789", 0xFFFFFFFF) != 0x0376E6E7:
        errors.append("crc32_mdp(init=0xFFFFFFFF) is not CRC-32/MPEG-2")
    if crc32_mdp(b"123456789") != 0x89A1897F:
        errors.append("crc32_mdp(init=0) != 0x89A1897F (CRC-32/0x04C11DB7 non-reflected, init 0)")
    m = {"name": "Seal", "static": True, "ret": "R:System.Int32",
         "params": ["SZARRAY(R:System.Byte)", "BYREF(R:System.Int32)", "SZARRAY(SZARRAY(R:System.Byte))",
                    "D:Ns.Outer/Inner", "BYREF(SZARRAY(R:System.UInt16))", "R:System.IntPtr"]}
    want = "Seal___STATIC__I4__SZARRAY_U1__BYREF_I4__SZARRAY_U1__NsOuterInner__BYREF_SZARRAY_U2__I4"
    if method_name(m) != want:
        errors.append("method_name: %s != %s" % (method_name(m), want))
    for e in errors:
        print("SELF-TEST FAIL: " + e)
    if not errors:
        print("self-test: CRC-32 check values and name mangling ok")
    return 1 if errors else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump", nargs="?")
    ap.add_argument("--project")
    ap.add_argument("--exclude", action="append", default=[], help="NFMDP_PE_ExcludeClassByName entries")
    ap.add_argument("--render-cpp")
    ap.add_argument("--check-cpp")
    ap.add_argument("--expect-checksum", help="fail unless the checksum equals this (validation fixtures)")
    ap.add_argument("--expect-lookup", help="file with one expected method_lookup entry per line")
    ap.add_argument("--assembly-info", help="AssemblyInfo.cs whose AssemblyNativeVersion must match the assembly and --check-cpp")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    if not a.dump or not a.project:
        ap.error("DUMP and --project are required")
    try:
        with open(a.dump, encoding="utf-8") as f:
            dump = json.load(f)
        checksum, lookup, warnings = compute(dump, a.project, set(a.exclude))
    except (OSError, ValueError, KeyError, MdpError) as e:
        print("mdp_tables: %s: %s" % (a.dump, e))
        return 2
    for w in warnings:
        print("WARNING: " + w)
    natives = sum(1 for d, _ in lookup if d != "NULL")
    print("mdp_tables: %s: checksum 0x%08X, method_lookup %d slots (%d native, %d NULL)"
          % (dump["assembly"], checksum, len(lookup), natives, len(lookup) - natives))
    rc = 0
    if a.expect_checksum is not None and checksum != int(a.expect_checksum, 16):
        print("MISMATCH: checksum 0x%08X, expected %s" % (checksum, a.expect_checksum))
        rc = 1
    if a.expect_lookup:
        want = [l.strip().rstrip(",") for l in open(a.expect_lookup, encoding="utf-8") if l.strip()]
        have = [d for d, _ in lookup]
        if have != want:
            print("MISMATCH: method_lookup differs from %s:" % a.expect_lookup)
            print("\n".join(difflib.unified_diff(want, have, "expected", "computed", lineterm="")))
            rc = 1
    if a.assembly_info:
        rc |= check_native_version(a.assembly_info, dump, a.check_cpp)
    if a.render_cpp or a.check_cpp:
        try:
            text = render_cpp(dump, a.project, checksum, lookup)
        except MdpError as e:
            print("mdp_tables: " + str(e))
            return 2
        if a.render_cpp:
            with open(a.render_cpp, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote " + a.render_cpp)
        if a.check_cpp:
            with open(a.check_cpp, encoding="utf-8") as f:
                have = f.read()
            if have != text:
                print("MISMATCH: %s differs from the recomputed table/checksum (run check.sh --regenerate):" % a.check_cpp)
                print("\n".join(difflib.unified_diff(have.splitlines(), text.splitlines(), "committed", "recomputed", lineterm="")))
                rc = 1
            else:
                print("ok   %s equals the recomputed method_lookup and checksum" % a.check_cpp)
    return rc


if __name__ == "__main__":
    sys.exit(main())
