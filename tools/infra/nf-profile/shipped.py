"""Rule 6 of the profile gate (README.md): shipped code apart from scaffolding.

A library under <solution>/firmware/ (not a test project) is what a device runs, so it may not define
test scaffolding (in-memory transports and links, fakes, lossy proxies, the gateway's server role):
that lives in tests/Support (Usmp.TestSupport). Checked on the simple name of every public type of
the compiled Release assembly, read with the verifier's --types.
"""
import os
import re
import subprocess

SCAFFOLDING_TYPE = re.compile(r"^(InMemory|Fake|Mock|Stub|Lossy|Scripted|ServerDuplicate)|Test")


def is_device_library(project_dir, sln_dir, props):
    """Deployed to a device: under <solution>/firmware/ and not a test project."""
    if not sln_dir or props.get("IsTestProject", "").lower() == "true":
        return False
    return os.path.relpath(project_dir, sln_dir).split(os.sep)[0] == "firmware"


def scaffolding_types(dll, verifier):
    """One error per public type of dll whose name says test scaffolding."""
    r = subprocess.run(["dotnet", verifier, "--types", dll], capture_output=True, text=True)
    if r.returncode != 0:
        return [f"verifier --types failed: {r.stderr.strip()}"]
    found = [t for t in r.stdout.split() if SCAFFOLDING_TYPE.search(re.split(r"[.+]", t)[-1])]
    return [f"test scaffolding in a device library: {t} (move it to tests/Support)" for t in found]
