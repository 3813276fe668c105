#!/usr/bin/env python3
"""nano.sln <-> .nfproj consistency.

  sln.py generate   rewrite <repo>/nano.sln listing every .nfproj under firmware/ and tests/, each with
                    the ProjectGuid read from the .nfproj (project type {11A8DD76-...}, Debug/Release)
  sln.py check      exit 1 if an .nfproj exists that nano.sln does not list, nano.sln lists a project
                    that does not exist, or a GUID differs from the .nfproj's ProjectGuid
"""
import glob
import os
import re
import sys
import uuid
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
# NF_SLN_ROOT lets test-gate.sh run the check on a scratch tree.
REPO = os.environ.get("NF_SLN_ROOT") or os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SLN = os.path.join(REPO, "nano.sln")
NF_TYPE = "{11A8DD76-328B-46DF-9F39-F559912D0360}"
MSB = "{http://schemas.microsoft.com/developer/msbuild/2003}"
PROJECT_LINE = re.compile(r'^Project\("(\{[0-9A-Fa-f-]+\})"\)\s*=\s*"([^"]+)",\s*"([^"]+)",\s*"(\{[0-9A-Fa-f-]+\})"')


def nfprojs():
    found = glob.glob(os.path.join(REPO, "firmware", "**", "*.nfproj"), recursive=True)
    found += glob.glob(os.path.join(REPO, "tests", "**", "*.nfproj"), recursive=True)
    return sorted(os.path.relpath(p, REPO).replace(os.sep, "\\") for p in found)


def project_guid(rel):
    root = ET.parse(os.path.join(REPO, rel.replace("\\", os.sep))).getroot()
    for el in root.iter(MSB + "ProjectGuid"):
        g = (el.text or "").strip().strip("{}")
        return "{" + str(uuid.UUID(g)).upper() + "}"
    raise ValueError(f"{rel}: no ProjectGuid")


def generate():
    projects = [(os.path.splitext(r.split("\\")[-1])[0], r, project_guid(r)) for r in nfprojs()]
    guids = [g for _, _, g in projects]
    if len(set(guids)) != len(guids):
        sys.exit("sln: duplicate ProjectGuid among the .nfproj files")
    L = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
         "VisualStudioVersion = 17.0.31903.59", "MinimumVisualStudioVersion = 10.0.40219.1"]
    for name, rel, g in projects:
        L += [f'Project("{NF_TYPE}") = "{name}", "{rel}", "{g}"', "EndProject"]
    L += ["Global", "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution",
          "\t\tDebug|Any CPU = Debug|Any CPU", "\t\tRelease|Any CPU = Release|Any CPU", "\tEndGlobalSection",
          "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution"]
    for _, _, g in projects:
        for cfg in ("Debug", "Release"):
            for what in ("ActiveCfg", "Build.0", "Deploy.0"):
                L.append(f"\t\t{g}.{cfg}|Any CPU.{what} = {cfg}|Any CPU")
    L += ["\tEndGlobalSection", "\tGlobalSection(SolutionProperties) = preSolution", "\t\tHideSolutionNode = FALSE",
          "\tEndGlobalSection", "\tGlobalSection(ExtensibilityGlobals) = postSolution",
          "\t\tSolutionGuid = {" + str(uuid.uuid5(uuid.NAMESPACE_URL, "usmp/nano.sln")).upper() + "}",
          "\tEndGlobalSection", "EndGlobal", ""]
    with open(SLN, "w", encoding="utf-8-sig", newline="\r\n") as f:
        f.write("\n".join(L))
    print(f"sln: wrote nano.sln with {len(projects)} projects")


def check():
    if not os.path.isfile(SLN):
        print("sln: FAIL nano.sln missing")
        return 1
    listed = {}
    bad = []
    for line in open(SLN, encoding="utf-8-sig"):
        m = PROJECT_LINE.match(line.strip())
        if m:
            if m.group(1).upper() != NF_TYPE:
                bad.append(f"{m.group(3)}: project type {m.group(1)} is not the nanoFramework type {NF_TYPE}")
            listed[m.group(3)] = m.group(4).upper()
    actual = nfprojs()
    for rel in actual:
        if rel not in listed:
            bad.append(f"{rel} exists but nano.sln does not list it (run tools/infra/nf-profile/sln.py generate)")
        else:
            g = project_guid(rel)
            if g != listed[rel]:
                bad.append(f"{rel}: nano.sln has {listed[rel]}, the .nfproj has ProjectGuid {g}")
    for rel in listed:
        if rel not in actual:
            bad.append(f"nano.sln lists {rel}, which does not exist")
    for b in bad:
        print(f"sln: FAIL {b}")
    if not bad:
        print(f"sln: nano.sln OK ({len(actual)} projects)")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["generate"]:
        generate()
        sys.exit(0)
    if sys.argv[1:] == ["check"]:
        sys.exit(check())
    print(__doc__)
    sys.exit(2)
