# The package is found through the venv (scripts/setup.sh writes a .pth for
# build/python_packages); STL_PYTHON_PACKAGES points at another build.
import os
import sys

if os.environ.get("STL_PYTHON_PACKAGES"):
    sys.path.insert(0, os.environ["STL_PYTHON_PACKAGES"])
