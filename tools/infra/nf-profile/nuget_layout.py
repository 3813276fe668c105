"""Where Visual Studio's NuGet restores a solution's packages.config packages (gate rule 2, README.md)."""
import glob
import os
import xml.etree.ElementTree as ET

NUGET_CONFIG_NAMES = ("nuget.config", "NuGet.config", "NuGet.Config")


def solution_dir(start):
    """The nearest folder at or above start that holds a .sln (Visual Studio restores per solution)."""
    d = start
    while True:
        if glob.glob(os.path.join(d, "*.sln")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def repository_path(sln_dir):
    """Where NuGet restores packages.config packages for that solution: the repositoryPath of the nearest
    nuget.config at or above the solution folder (relative to that config file), else <solution>/packages."""
    d = sln_dir
    while True:
        for n in NUGET_CONFIG_NAMES:
            cfg = os.path.join(d, n)
            if os.path.isfile(cfg):
                try:
                    root = ET.parse(cfg).getroot()
                except ET.ParseError:
                    continue
                for add in root.findall("./config/add"):
                    if add.attrib.get("key") == "repositoryPath":
                        return os.path.normpath(os.path.join(d, add.attrib.get("value", "").replace("\\", "/"))), cfg
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.join(sln_dir, "packages"), None
        d = parent
