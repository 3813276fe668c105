#!/usr/bin/env python3
"""nanoFramework profile gate (see README.md in this folder).

For each .nfproj: check its Compile list against the .cs files on disk, reject LangVersion > 9 and
AllowUnsafeBlocks, check that every <Reference> names a profile assembly at its version with a HintPath
that resolves under the solution's NuGet repositoryPath (nuget.config) to the file the package restores,
listed in the project's packages.config; compile exactly the listed sources with Roslyn against the REAL
nanoFramework mscorlib.dll and our stand-in reference assemblies (build/ref, built by build-refs.sh) and
the gate-built outputs of the projects it references, in
Debug (DEBUG;TRACE) and Release (TRACE) configurations, always with NANOFRAMEWORK_1_0, then run the
metadata verifier (build/verifier/nf-verify.dll) on the result.

usage: gate.py check                 every .nfproj under firmware/ and tests/ (exit 1 on any FAIL)
       gate.py project <x.nfproj>... the given projects only (used by test-gate.sh)
       gate.py profile               one line per profile assembly: name version package package-version ext
"""
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import shipped
from nuget_layout import repository_path, solution_dir

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
REF_DIR = os.path.join(HERE, "build", "ref")
REF_SRC = os.path.join(HERE, "ref")
VERIFIER = os.path.join(HERE, "build", "verifier", "nf-verify.dll")
OUT_DIR = os.path.join(HERE, "build", "gate")
MSB = "{http://schemas.microsoft.com/developer/msbuild/2003}"

# References that carry no compile-time surface for our code: the test launcher is an .exe that the
# test adapter runs; nothing in a test project calls into it. It ships in the TestFramework package.
# Assembly version 0.0.0.0: its AssemblyInfo.cs (nanoframework/nanoFramework.TestFramework
# source/UnitTestLauncher/Properties/AssemblyInfo.cs) sets none, and nanoframework/Samples
# samples/UnitTest/NFUnitTestDemo/NFUnitTest.nfproj references "nanoFramework.UnitTestLauncher, Version=0.0.0.0".
NO_SURFACE_REFS = {"nanoFramework.UnitTestLauncher": ("nanoFramework.TestFramework", "0.0.0.0", ".exe")}
CORELIB_PROJ = os.path.join(HERE, "corelib", "CoreLibrary.Restore.csproj")

CONFIGS = {"Debug": ["DEBUG", "TRACE"], "Release": ["TRACE"]}

MAX_LANGVERSION = 9


def find_csc():
    dotnet = os.path.realpath(subprocess.run(["bash", "-c", "command -v dotnet"], capture_output=True, text=True).stdout.strip())
    cands = glob.glob(os.path.join(os.path.dirname(dotnet), "sdk", "*", "Roslyn", "bincore", "csc.dll"))
    if not cands:
        sys.exit("gate: no Roslyn csc.dll found under the .NET SDK")

    def key(p):
        v = p.split(os.sep)[-4]
        return [int(x) if x.isdigit() else 0 for x in re.split(r"[.-]", v)]

    return ["dotnet", sorted(cands, key=key)[-1]]


class ProfileAssembly:
    def __init__(self, name, version, package, package_version, ext=".dll"):
        self.name, self.version, self.package, self.package_version, self.ext = name, version, package, package_version, ext

    def hint(self):
        """The package-relative path NuGet restores this assembly to (nanoframework.md section 10)."""
        return f"{self.package}.{self.package_version}/lib/{self.name}{self.ext}"


def profile_assemblies():
    """AssemblyName -> ProfileAssembly: the real mscorlib (package version from corelib/), every stand-in
    (AssemblyVersion and "// package:" line of its AssemblyInfo.cs) and the no-surface test launcher."""
    out = {}
    corelib = re.search(r"<NFCoreLibraryVersion>([^<]+)<", open(CORELIB_PROJ, encoding="utf-8").read()).group(1)
    # build-refs.sh checked that the restored mscorlib.dll is exactly "mscorlib <corelib>.0"
    out["mscorlib"] = ProfileAssembly("mscorlib", corelib + ".0", "nanoFramework.CoreLibrary", corelib)
    for d in sorted(os.listdir(REF_SRC)):
        info = os.path.join(REF_SRC, d, "AssemblyInfo.cs")
        if os.path.isfile(info):
            text = open(info, encoding="utf-8").read()
            v = re.search(r'AssemblyVersion\("([^"]+)"\)', text)
            pkg = re.search(r"^// package:[ \t]*(\S+)[ \t]+(\S+)", text, re.M)
            if not v or not pkg:
                sys.exit(f"gate: {os.path.relpath(info, REPO)} needs an AssemblyVersion and a '// package: <id> <version>' line")
            out[d] = ProfileAssembly(d, v.group(1), pkg.group(1), pkg.group(2))
    for name, (package, version, ext) in NO_SURFACE_REFS.items():
        host = next((a for a in out.values() if a.package == package), None)
        if host is not None:
            out[name] = ProfileAssembly(name, version, package, host.package_version, ext)
    return out


def win_path(base, include):
    return os.path.normpath(os.path.join(base, include.replace("\\", "/")))


class Project:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.dir = os.path.dirname(self.path)
        self.errors = []
        self.blocking = False   # True when csc cannot even be run meaningfully
        self.compile = []
        self.refs = []          # (name, version or None)
        self.hints = {}         # name -> HintPath text, or None
        self.project_refs = []  # absolute paths
        self.props = {}
        try:
            root = ET.parse(self.path).getroot()
        except ET.ParseError as e:
            self.errors.append(f"unparsable .nfproj: {e}")
            self.blocking = True
            self.name = os.path.splitext(os.path.basename(path))[0]
            return
        for pg in root.iter(MSB + "PropertyGroup"):
            for child in pg:
                tag = child.tag.replace(MSB, "")
                text = (child.text or "").strip()
                if tag not in self.props or not child.attrib.get("Condition"):
                    self.props[tag] = text
        for item in root.iter(MSB + "Compile"):
            inc = item.attrib.get("Include", "")
            if any(c in inc for c in "*?"):
                self.errors.append(f"wildcard Compile item '{inc}' (list every file explicitly)")
            self.compile.append(win_path(self.dir, inc))
        for item in root.iter(MSB + "Reference"):
            parts = [p.strip() for p in item.attrib.get("Include", "").split(",")]
            version = None
            for p in parts[1:]:
                if p.startswith("Version="):
                    version = p[len("Version="):]
            self.refs.append((parts[0], version))
            hint = item.find(MSB + "HintPath")
            self.hints[parts[0]] = (hint.text or "").strip() if hint is not None else None
        self.capabilities = {i.attrib.get("Include", "") for i in root.iter(MSB + "ProjectCapability")}
        for item in root.iter(MSB + "ProjectReference"):
            self.project_refs.append(win_path(self.dir, item.attrib.get("Include", "")))
        self.compile_failed = False
        self.name = self.props.get("AssemblyName") or os.path.splitext(os.path.basename(path))[0]
        self.read_packages_config()
        self.sln_dir = solution_dir(self.dir)
        self.repo_path, self.repo_cfg_rel = None, None
        if self.sln_dir:
            self.repo_path, cfg = repository_path(self.sln_dir)
            self.repo_cfg_rel = os.path.relpath(cfg, self.sln_dir) if cfg else "no nuget.config: NuGet's default"

    def check_static(self, profile):
        # LangVersion: C# 11+ makes Roslyn synthesize helper types that shift the MDP native table (spec s.0).
        lv = self.props.get("LangVersion", "")
        if lv:
            m = re.fullmatch(r"(\d+)(\.\d+)?", lv)
            if not m or int(m.group(1)) > MAX_LANGVERSION:
                self.errors.append(f"LangVersion '{lv}' (must be {MAX_LANGVERSION} or lower)")
        if self.props.get("AllowUnsafeBlocks", "").lower() == "true":
            self.errors.append("AllowUnsafeBlocks=true (pointers are rejected by the MetadataProcessor)")
        # Compile list <-> files on disk.
        listed = set(self.compile)
        for f in self.compile:
            if not os.path.isfile(f):
                self.errors.append(f"listed file missing: {os.path.relpath(f, self.dir)}")
                self.blocking = True
        # A sub-folder with its own project file (.nfproj, or the .csproj of a .NET build) is another project.
        nested = {os.path.dirname(p) for ext in ("*.nfproj", "*.csproj")
                  for p in glob.glob(os.path.join(self.dir, "**", ext), recursive=True)} - {self.dir}
        for f in sorted(glob.glob(os.path.join(self.dir, "**", "*.cs"), recursive=True)):
            rel = os.path.relpath(f, self.dir).split(os.sep)
            if rel[0] in ("bin", "obj"):
                continue
            if any(f.startswith(n + os.sep) for n in nested):
                continue
            if os.path.abspath(f) not in listed:
                self.errors.append(f"not in Compile list: {os.path.relpath(f, self.dir)}")
        # References must be assemblies our profile declares, at the profile's version, with a HintPath that
        # Visual Studio resolves on the first build: under the solution's NuGet repositoryPath.
        for name, version in self.refs:
            if name not in profile:
                self.errors.append(f"reference '{name}' has no profile reference assembly (tools/infra/nf-profile/ref)")
                self.blocking = True
                continue
            if version and version != profile[name].version:
                self.errors.append(f"reference '{name}' Version={version}, profile has {profile[name].version}")
            self.check_hint(name, profile[name])
        self.check_test_project()
        for pr in self.project_refs:
            if not os.path.isfile(pr):
                self.errors.append(f"ProjectReference missing: {os.path.relpath(pr, self.dir)}")

    def check_test_project(self):
        """A test project as the TestFramework 3.x adapter needs it (nanoframework.md section 5 and the
        package's own content/nano.runsettings): assembly NFUnitTest, TestContainer capability, and a
        nano.runsettings with net48/x64 and a <nanoFrameworkAdapter> section."""
        if self.props.get("IsTestProject", "").lower() != "true":
            return
        if self.name != "NFUnitTest":
            self.errors.append(f"test project AssemblyName '{self.name}': the nanoFramework launcher loads NFUnitTest")
        if "TestContainer" not in self.capabilities:
            self.errors.append('test project lacks <ProjectCapability Include="TestContainer" /> (Test Explorer will not list it)')
        rs = self.props.get("RunSettingsFilePath", "").replace("$(MSBuildProjectDirectory)", self.dir)
        path = win_path(self.dir, rs) if rs else None
        if not path or not os.path.isfile(path):
            self.errors.append("test project has no RunSettingsFilePath to an existing nano.runsettings")
            return
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            self.errors.append(f"unparsable {os.path.basename(path)}: {e}")
            return
        want = {"RunConfiguration/TargetFrameworkVersion": "net48", "RunConfiguration/TargetPlatform": "x64"}
        for xpath, value in want.items():
            got = (root.findtext(xpath) or "").strip()
            if got != value:
                self.errors.append(f"{os.path.basename(path)}: {xpath} is '{got}', the TestFramework 3.x adapter needs '{value}'")
        if root.find("nanoFrameworkAdapter/IsRealHardware") is None:
            self.errors.append(f"{os.path.basename(path)}: no <nanoFrameworkAdapter><IsRealHardware> (False: virtual nanoCLR, True: board)")

    def check_hint(self, name, asm):
        hint = self.hints.get(name)
        want = os.path.join(self.repo_path, asm.hint()) if self.repo_path else None
        want_rel = os.path.relpath(want, self.dir).replace("/", "\\") if want else "?"
        if not hint:
            self.errors.append(f"reference '{name}' has no HintPath: add <HintPath>{want_rel}</HintPath>")
            return
        if self.repo_path is None:
            self.errors.append(f"no .sln at or above {os.path.relpath(self.dir, REPO)}: cannot tell where NuGet restores packages")
            return
        got = win_path(self.dir, hint)
        if got != want:
            where = os.path.relpath(self.repo_path, self.sln_dir).replace(os.sep, "/")
            self.errors.append(f"reference '{name}' HintPath {hint} does not resolve under NuGet repositoryPath "
                               f"'{where}' ({self.repo_cfg_rel}): use {want_rel}")
        pkg = self.packages.get(asm.package)
        if pkg != asm.package_version:
            have = f"has {asm.package} {pkg}" if pkg else f"does not list {asm.package}"
            self.errors.append(f"packages.config {have}; reference '{name}' needs {asm.package} {asm.package_version}")

    def read_packages_config(self):
        """packages.config next to the .nfproj: package id -> version."""
        self.packages = {}
        cfg = os.path.join(self.dir, "packages.config")
        if os.path.isfile(cfg):
            try:
                for pk in ET.parse(cfg).getroot().iter("package"):
                    self.packages[pk.attrib.get("id", "")] = pk.attrib.get("version", "")
            except ET.ParseError as e:
                self.errors.append(f"unparsable packages.config: {e}")

    def defines(self, config):
        own = [d.strip() for d in re.split(r"[;,]", self.props.get("DefineConstants", "")) if d.strip() and "$(" not in d]
        return ["NANOFRAMEWORK_1_0"] + CONFIGS[config] + own


def order(projects):
    """Topological order over ProjectReferences (references first)."""
    by_path = {p.path: p for p in projects}
    done, out, visiting = set(), [], set()

    def visit(p):
        if p.path in done:
            return
        if p.path in visiting:
            p.errors.append("ProjectReference cycle")
            return
        visiting.add(p.path)
        for r in p.project_refs:
            if r in by_path:
                visit(by_path[r])
        visiting.discard(p.path)
        done.add(p.path)
        out.append(p)

    for p in sorted(projects, key=lambda x: x.path):
        visit(p)
    return out


def compile_and_verify(p, csc, by_path, config):
    out_dir = os.path.join(OUT_DIR, config)
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, p.name + ".dll")
    refs = []
    for name, _ in p.refs:
        if name not in NO_SURFACE_REFS:
            refs.append("-r:" + os.path.join(REF_DIR, name + ".dll"))
    for pr in p.project_refs:
        dep = by_path.get(pr)
        if dep is None:
            dep = Project(pr)
            dep.errors.append("not under firmware/ or tests/")
        dep_out = os.path.join(out_dir, dep.name + ".dll")
        if dep.blocking or not os.path.isfile(dep_out) or dep.compile_failed:
            return [f"[{config}] referenced project {dep.name} did not compile"]
        refs.append("-r:" + os.path.join(out_dir, dep.name + ".dll"))
    target = "exe" if p.props.get("OutputType", "Library").lower() in ("exe", "winexe") else "library"
    lv = p.props.get("LangVersion") or str(MAX_LANGVERSION)
    cmd = csc + ["-nologo", "-nostdlib", "-noconfig", f"-target:{target}", f"-langversion:{lv}",
                 "-define:" + ";".join(p.defines(config)), "-nowarn:CS1591", "-deterministic",
                 "-optimize" + ("+" if config == "Release" else "-"), f"-out:{out}"] + refs + p.compile
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        p.compile_failed = True
        errs = [l.strip() for l in r.stdout.splitlines() if ": error " in l]
        errs = [os.path.relpath(e, REPO) if e.startswith("/") else e for e in errs]
        shown = errs[:8] + ([f"... {len(errs) - 8} more"] if len(errs) > 8 else [])
        return [f"[{config}] compile: {e}" for e in (shown or [r.stdout.strip()[-400:]])]
    v = subprocess.run(["dotnet", VERIFIER, out], capture_output=True, text=True)
    if v.returncode == 1:
        return [f"[{config}] {l.split(': ', 1)[1]}" for l in v.stdout.splitlines() if l.startswith("VIOLATION")]
    if v.returncode != 0:
        return [f"[{config}] verifier error: {v.stderr.strip()}"]
    return []


def run(paths):
    if not os.path.isfile(VERIFIER) or not os.path.isfile(os.path.join(REF_DIR, "mscorlib.dll")):
        sys.exit("gate: run tools/infra/nf-profile/build-refs.sh first")
    csc = find_csc()
    profile = profile_assemblies()
    projects = [Project(p) for p in paths]
    by_path = {p.path: p for p in projects}
    for p in projects:
        if not p.blocking:
            p.check_static(profile)
    failed = 0
    for p in order(projects):
        for r in p.project_refs:
            dep = by_path.get(r)
            if dep is not None and dep.errors:
                p.errors.append(f"depends on failing project {dep.name}")
        if not p.blocking:
            for config in CONFIGS:
                errs = compile_and_verify(p, csc, by_path, config)
                # the same finding in both configurations is reported once
                for e in errs:
                    bare = e.split("] ", 1)[1]
                    if not any(x.split("] ", 1)[-1] == bare for x in p.errors):
                        p.errors.append(e)
        if not p.errors and shipped.is_device_library(p.dir, p.sln_dir, p.props):
            p.errors += shipped.scaffolding_types(os.path.join(OUT_DIR, "Release", p.name + ".dll"), VERIFIER)
        rel = os.path.relpath(p.path, REPO)
        status = "OK" if not p.errors else "FAIL"
        print(f"{p.name:<28} {rel:<55} {len(p.compile):>3} files  {status}")
        for e in p.errors:
            print(f"    - {e}")
        failed += bool(p.errors)
    return failed


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "check":
        paths = sorted(glob.glob(os.path.join(REPO, "firmware", "**", "*.nfproj"), recursive=True)
                       + glob.glob(os.path.join(REPO, "tests", "**", "*.nfproj"), recursive=True))
        if not paths:
            print("gate: no .nfproj under firmware/ or tests/")
            return 0
        failed = run(paths)
        print(f"gate: {len(paths) - failed} of {len(paths)} projects OK")
        return 1 if failed else 0
    if len(sys.argv) == 2 and sys.argv[1] == "profile":
        for a in profile_assemblies().values():
            print(a.name, a.version, a.package, a.package_version, a.ext)
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "project":
        return 1 if run(sys.argv[2:]) else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
