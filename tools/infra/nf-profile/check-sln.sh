#!/usr/bin/env bash
# Fails if an .nfproj exists that nano.sln does not list, or vice versa (also run by check.sh).
exec python3 "$(cd "$(dirname "$0")" && pwd)/sln.py" check
