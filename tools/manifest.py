#!/usr/bin/env python3
"""tools/manifest.py check|write|script|runs - the module manifests (modules/NN-name/module.json):
check that every entry resolves and every generated text is current, rewrite those texts,
print one module's tour or bench steps (tools/run_profile.sh) or its runs.

The code is tools/parlab/manifest.py; this file is its entry point."""
import sys

from parlab import manifest

if __name__ == "__main__":
    sys.exit(manifest.main())
