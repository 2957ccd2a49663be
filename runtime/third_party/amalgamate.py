#!/usr/bin/env python3
"""Builds the single-header form of a header-only library from its installed
multi-header form (the headers of Debian's nlohmann-json3-dev and
libcli11-dev), the way each project builds its released single header: every
project-local #include is replaced, once, by the file it names.

  amalgamate.py ROOT ENTRY OUT   e.g. /usr/include nlohmann/json.hpp json.hpp
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def amalgamate(root, entry, out):
    seen = set()
    lines = []

    def visit(path):
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        here = os.path.dirname(path)
        with open(path, encoding="utf-8") as f:
            for line in f:
                match = INCLUDE.match(line)
                if match:
                    kind, name = match.groups()
                    # Quoted includes are relative to the including file;
                    # <lib/...> ones to ROOT when the library provides them.
                    candidates = [os.path.join(here, name)] if kind == '"' else []
                    candidates.append(os.path.join(root, name))
                    local = next((c for c in candidates if os.path.isfile(c)
                                  and c.startswith(root)), None)
                    if local and (kind == '"' or name.startswith(
                            entry.split("/")[0] + "/")):
                        visit(local)
                        continue
                lines.append(line)

    visit(os.path.join(root, entry))
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    amalgamate(os.path.realpath(sys.argv[1]), sys.argv[2], sys.argv[3])
