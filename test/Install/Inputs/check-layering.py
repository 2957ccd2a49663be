#!/usr/bin/env python3
"""Checks the link dependencies the installed package declares.

Reads the INTERFACE_LINK_LIBRARIES of every STL:: target from
STLTargets.cmake and follows them transitively: the libraries a CPU or
Python user of the dialect links (the dialect, its transforms, the linalg
conversion, the CPU code generation and pipeline, the scheme library) must
not pull in the GPU code generation; the GPU pipeline must (so that the
parsing itself is checked).

Usage: check-layering.py PREFIX/lib/cmake/stl/STLTargets.cmake
"""
import re
import sys

CPU_SIDE = ["MLIRSTLDialect", "MLIRSTLUtils", "MLIRSTLTransforms",
            "MLIRSTLToLinalg", "STLCPUCodegen", "STLCPUPipeline", "STLScheme",
            "STLSchemeCore"]
GPU_SIDE = {"STLGPUCodegen", "STLGPUTransforms", "MLIRSTLToGPU",
            "STLGPUPipeline"}


def main():
    text = open(sys.argv[1]).read()
    deps = {}
    for name, body in re.findall(
            r"set_target_properties\(STL::(\w+) PROPERTIES(.*?)\n\)", text,
            re.S):
        links = re.search(r'INTERFACE_LINK_LIBRARIES "([^"]*)"', body)
        deps[name] = [d[len("STL::"):] for d in
                      (links.group(1).split(";") if links else [])
                      if d.startswith("STL::")]

    def closure(name):
        seen, todo = set(), [name]
        while todo:
            for d in deps.get(todo.pop(), []):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    failed = False
    for name in CPU_SIDE:
        if name not in deps:
            print(f"missing target STL::{name}")
            failed = True
            continue
        gpu = sorted(closure(name) & GPU_SIDE)
        print(f"{name}: {'links ' + ', '.join(gpu) if gpu else 'no GPU code'}")
        failed |= bool(gpu)
    if "STLGPUCodegen" not in closure("STLGPUPipeline"):
        print("STLGPUPipeline does not link STLGPUCodegen: parsing is wrong")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
