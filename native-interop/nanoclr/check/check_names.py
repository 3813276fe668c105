#!/usr/bin/env python3
"""Checks the nanoCLR interop glue against the C# InternalCall surface, mechanically.

Derives, from firmware/Usmp.Native/CryptoNative.cs, each extern's MetadataProcessor mangled name
(nanoframework.md section 6: <Method>___STATIC__<RET>__<ARG>..., byte[] -> SZARRAY_U1,
int -> I4, ref int -> BYREF_I4) and compares, in order, with:
  - the NANOCLR_NATIVE_DECLARE list of Usmp_Native_native.h,
  - the CryptoNative block of method_lookup[] in Usmp_Native_native.cpp (+ a NULL tail whose
    length is the number of managed methods of the other types, counted from their sources),
  - the marshalling functions of *_mshl.cpp (marshaller per parameter, stack index, ref write-back),
  - the user stubs (.h declarations and .cpp definitions, parameter types) and that each calls
    the usmp_abi_* function of the same position in include/usmp_abi.h with the right arity.
Exit status 1 and one line per mismatch on failure."""
import argparse, os, re, sys

PFX = "Library_Usmp_Native_native_Usmp_Native_CryptoNative"
CODE = {"byte[]": "SZARRAY_U1", "int": "I4", "ref int": "BYREF_I4", "uint": "U4", "byte": "U1",
        "bool": "BOOLEAN", "void": "VOID", "string": "STRING", "long": "I8"}
NATIVE = {"byte[]": "CLR_RT_TypedArray_UINT8", "int": "signed int", "ref int": "signed int&"}

def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()

def externs(cs):
    out = []
    for m in re.finditer(r"static\s+extern\s+([\w\[\]]+)\s+(\w+)\s*\(([^)]*)\)\s*;", cs):
        ret, name, params = m.groups()
        types = []
        for p in [x.strip() for x in params.split(",") if x.strip()]:
            toks = p.split()
            types.append(" ".join(toks[:-1]))
        out.append((name, ret, types))
    return out

def mangle(name, ret, types):
    parts = [CODE.get(ret, "?" + ret)] + [CODE.get(t, "?" + t) for t in types]
    return name + "___STATIC__" + "__".join(parts)

def managed_method_count(src_dir):
    """Managed methods of the other types (they get NULL slots in method_lookup)."""
    n = 0
    for fn in sorted(os.listdir(src_dir)):
        if not fn.endswith(".cs") or fn == "CryptoNative.cs":
            continue
        s = read(os.path.join(src_dir, fn))
        s = re.sub(r"//[^\n]*", "", s)
        n += len(re.findall(r"^\s+(?:public|private|internal|protected)\s+(?:static\s+)?(?:override\s+)?[\w\[\]]+\s+\w+\s*\([^;{]*\)\s*\{", s, re.M))
        n += len(re.findall(r"^\s+(?:public|private|internal|protected)\s+(\w+)\s*\([^;]*\)\s*(?::\s*base\([^)]*\))?\s*\{", s, re.M))
        n += len(re.findall(r"\bget\s*\{", s)) + len(re.findall(r"\bset\s*\{", s))
        if re.search(r"static\s+readonly\s+[\w\[\]]+\s+\w+\s*=", s):
            n += 1  # .cctor
    return n

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cs-dir", required=True)
    ap.add_argument("--glue-dir", required=True)
    ap.add_argument("--abi", required=True)
    a = ap.parse_args()
    errors = []
    ex = externs(read(os.path.join(a.cs_dir, "CryptoNative.cs")))
    if not ex:
        errors.append("no extern found in CryptoNative.cs")
    expected = [mangle(*e) for e in ex]
    g = lambda f: read(os.path.join(a.glue_dir, f))

    # 1. struct declarations
    decl = re.findall(r"NANOCLR_NATIVE_DECLARE\((\w+)\)", g("Usmp_Native_native.h"))
    if decl != expected:
        errors.append("Usmp_Native_native.h NANOCLR_NATIVE_DECLARE list differs:\n  have %s\n  want %s" % (decl, expected))

    # 2. method_lookup
    lk = g("Usmp_Native_native.cpp")
    body = re.search(r"method_lookup\[\]\s*=\s*\{(.*?)\};", lk, re.S)
    entries = [re.sub(r"//.*", "", l).strip().rstrip(",") for l in body.group(1).splitlines()] if body else []
    entries = [e for e in entries if e]
    head = entries[:len(expected)]
    want_head = ["%s::%s" % (PFX, m) for m in expected]
    if head != want_head:
        errors.append("method_lookup CryptoNative block differs:\n  have %s\n  want %s" % (head, want_head))
    tail = entries[len(expected):]
    if any(e != "NULL" for e in tail):
        errors.append("method_lookup tail must be NULL only: %s" % tail)
    n_managed = managed_method_count(a.cs_dir)
    if len(tail) != n_managed:
        errors.append("method_lookup has %d NULL slots, the managed types have %d methods" % (len(tail), n_managed))
    # the version itself is compared with AssemblyInfo.cs by mdp_tables.py --assembly-info
    if not re.search(r'g_CLR_AssemblyNative_Usmp_Native\s*=\s*\{\s*"Usmp\.Native",\s*0x[0-9A-Fa-f]{8},\s*method_lookup,\s*\{\s*\d+,\s*\d+,\s*\d+,\s*\d+\s*\}', lk, re.S):
        errors.append("g_CLR_AssemblyNative_Usmp_Native is not {\"Usmp.Native\", 0x........, method_lookup, {a, b, c, d}}")

    # 3. marshalling
    ms = g("Usmp_Native_native_Usmp_Native_CryptoNative_mshl.cpp")
    funcs = re.findall(r"HRESULT %s::(\w+)\( CLR_RT_StackFrame& stack \)\n\{(.*?)\n\}" % PFX, ms, re.S)
    if [f for f, _ in funcs] != expected:
        errors.append("_mshl.cpp functions differ:\n  have %s\n  want %s" % ([f for f, _ in funcs], expected))
    for (fname, fbody), (name, ret, types) in zip(funcs, ex):
        for i, t in enumerate(types):
            want = {"byte[]": "Interop_Marshal_UINT8_ARRAY( stack, %d, param%d )" % (i, i),
                    "int": "Interop_Marshal_INT32( stack, %d, param%d )" % (i, i),
                    "ref int": "Interop_Marshal_INT32_ByRef( stack, heapblock%d, %d, param%d )" % (i, i, i)}.get(t)
            if want is None or want not in fbody:
                errors.append("%s: parameter %d (%s) not marshalled as %s" % (fname, i, t, want))
            if t == "ref int" and "Interop_Marshal_StoreRef( stack, heapblock%d, %d )" % (i, i) not in fbody:
                errors.append("%s: ref parameter %d is not written back" % (fname, i))
        call = "CryptoNative::%s( %s, hr )" % (name, ", ".join(("*" if t == "ref int" else "") + "param%d" % i for i, t in enumerate(types)))
        if call not in fbody or "SetResult_INT32( stack, retValue )" not in fbody:
            errors.append("%s: does not call %s and SetResult_INT32" % (fname, call))

    # 4. user stubs (.h and .cpp) and the ABI call
    abi_funcs = re.findall(r"USMP_ABI_EXPORT\s+int32_t\s+(usmp_abi_\w+)\s*\(([^)]*)\)", read(a.abi))
    uh, uc = g("Usmp_Native_native_Usmp_Native_CryptoNative.h"), g("Usmp_Native_native_Usmp_Native_CryptoNative.cpp")
    for idx, (name, ret, types) in enumerate(ex):
        params = ", ".join("%s param%d" % (NATIVE.get(t, "?"), i) for i, t in enumerate(types))
        if "static signed int %s( %s, HRESULT &hr );" % (name, params) not in uh:
            errors.append("user header: no declaration static signed int %s( %s, HRESULT &hr )" % (name, params))
        m = re.search(r"signed int CryptoNative::%s\( %s, HRESULT &hr \)\n\{(.*?)\n\}" % (re.escape(name), re.escape(params)), uc, re.S)
        if not m:
            errors.append("user .cpp: no definition of %s( %s, HRESULT &hr )" % (name, params))
            continue
        if idx >= len(abi_funcs):
            errors.append("usmp_abi.h has no function for extern %d (%s)" % (idx, name))
            continue
        abi_name, abi_params = abi_funcs[idx]
        call = re.search(r"(usmp_abi_\w+)\((.*?)\);", m.group(1), re.S)
        if not call or call.group(1) != abi_name:
            errors.append("%s must call %s (same position in usmp_abi.h)" % (name, abi_name))
            continue
        want_arity = sum(2 if t == "byte[]" else 1 for t in types)
        have_abi = len([p for p in abi_params.split(",") if p.strip()])
        args = call.group(2).replace("USMP_ARR(", "A(").count("A(") * 2 + len([x for x in call.group(2).split(",") if x.strip() and "USMP_ARR" not in x])
        if have_abi != want_arity or args != want_arity:
            errors.append("%s: %s takes %d C parameters, the call passes %d, the C# signature needs %d" % (name, abi_name, have_abi, args, want_arity))

    # 5. FindINTEROP source list
    fi = g("FindINTEROP-Usmp.Native.cmake")
    for f in ["Usmp_Native_native.cpp", "Usmp_Native_native_Usmp_Native_CryptoNative_mshl.cpp", "Usmp_Native_native_Usmp_Native_CryptoNative.cpp"]:
        if f not in fi:
            errors.append("FindINTEROP-Usmp.Native.cmake does not list %s" % f)

    for e in errors:
        print("MISMATCH: " + e)
    if errors:
        return 1
    print("names: %d externs, mangled names, method_lookup (%d native + %d NULL), marshalling, user stubs and usmp_abi calls all match CryptoNative.cs" % (len(ex), len(expected), len(tail)))
    return 0

if __name__ == "__main__":
    sys.exit(main())
