# -*- Python -*-
import os
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "STL"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".json"]
config.excludes = ["Inputs", "lib", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.stl_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%stl_src_root", config.stl_src_root))
config.substitutions.append(("%stl_obj_root", config.stl_obj_root))
config.substitutions.append(("%cuda_toolkit", config.cuda_toolkit))
config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# FileCheck, not and count are not CMake targets of the Debian packages: put
# LLVM's bin directory on PATH so RUN lines find them.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.stl_tools_dir, append_path=True)

tools = [
    "stl-opt",
    "stl-test-opt",
    "stl-scheme",
    ToolSubst("mlir-runner", unresolved="ignore"),
    ToolSubst("mlir-translate", unresolved="ignore"),
    ToolSubst("llc", unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, [config.stl_tools_dir, config.llvm_tools_dir])

# ptxas from the CUDA toolkit checks generated PTX; tests that need it say
# `REQUIRES: ptxas`.
ptxas = os.path.join(config.cuda_toolkit, "bin", "ptxas")
if os.path.exists(ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# Tests that execute on a GPU say `REQUIRES: cuda-gpu`; they are reported as
# UNSUPPORTED (with this reason) on machines without one.
def _has_gpu():
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        return subprocess.run([smi, "-L"], capture_output=True, timeout=20).returncode == 0
    except Exception:
        return False

if _has_gpu():
    config.available_features.add("cuda-gpu")
else:
    lit_config.note("no NVIDIA GPU found (nvidia-smi -L failed): "
                    "tests that REQUIRE cuda-gpu are skipped")

# The plugin for the stock mlir-opt exists only in builds against
# libMLIR.so; tests that load it say `REQUIRES: stl-plugin`.
# A sanitized build's plugin needs the sanitizer runtime, which the stock
# (unsanitized) mlir-opt does not load; its libraries cannot be linked by a
# consumer project built without the sanitizer flags either.
sanitized = getattr(config, "stl_sanitizers", "") not in ("", "OFF")
if sanitized:
    config.available_features.add("sanitized")
stl_plugin = os.path.join(config.stl_obj_root, "lib", "STLPlugin.so")
if os.path.exists(stl_plugin) and not sanitized:
    config.available_features.add("stl-plugin")
    config.substitutions.append(("%stl_plugin", stl_plugin))
config.substitutions.append(
    ("%mlir_opt", os.path.join(config.llvm_tools_dir, "mlir-opt")))

# The CPU pipeline's hadamard-backend=blas calls cblas_sgemm; tests that run
# it say `REQUIRES: openblas` and load %openblas (scripts/setup.sh installs
# Debian's OpenBLAS).
import glob
openblas = sorted(glob.glob("/usr/lib/*/libopenblas.so.0") +
                  glob.glob("/usr/lib/*/openblas-pthread/libopenblas.so.0") +
                  glob.glob("/usr/lib/libopenblas.so.0"))
if openblas:
    config.available_features.add("openblas")
    config.substitutions.append(("%openblas", openblas[0]))

# --stl-cpu-pipeline=parallel=openmp calls the LLVM OpenMP runtime; tests that
# run it say `REQUIRES: openmp` and load %libomp (scripts/setup.sh installs
# libomp5).
libomp = sorted(glob.glob("/usr/lib/*/libomp.so.5") +
                glob.glob("/usr/lib/llvm-*/lib/libomp.so.5"))
if libomp:
    config.available_features.add("openmp")
    config.substitutions.append(("%libomp", libomp[0]))

# IREE (iree-base-compiler / iree-base-runtime in the project's .venv, from
# python/requirements.txt) compiles the STL form's linalg output; tests that
# run it say `REQUIRES: iree` and use %venv_python.
venv_python = os.path.join(config.stl_src_root, ".venv", "bin", "python")
if os.path.exists(os.path.join(config.stl_src_root, ".venv", "bin",
                               "iree-compile")):
    config.available_features.add("iree")
    config.substitutions.append(("%venv_python", venv_python))
