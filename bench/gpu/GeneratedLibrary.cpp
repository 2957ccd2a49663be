//===- GeneratedLibrary.cpp - Kernel libraries compiled by stl-opt --------===//

#include "GeneratedLibrary.h"

#include <dlfcn.h>

#include <type_traits>

namespace stl {
namespace bench {

GeneratedLibrary::~GeneratedLibrary() {
  if (overrideFn)
    overrideFn(nullptr, 0);
  // Not closed: its destructors unload GPU modules, which is only safe
  // while the context lives; process exit runs them in the right order.
}

bool GeneratedLibrary::open(const std::string &path, std::string &error) {
  // RTLD_LOCAL: two cases may define the same function names.
  handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    error = "dlopen(" + path + "): " + (why ? why : "unknown error");
    return false;
  }
  // Searched in the library's dependencies, i.e. libstl_runtime.so.
  overrideFn = reinterpret_cast<void (*)(void *, int)>(
      dlsym(handle, "stlRuntimeSetStreamOverride"));
  auto find = [&](auto &fn, const char *name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
        dlsym(handle, name));
  };
  find(api.batchedGemm, "stlRuntimeBatchedGemm");
  find(api.graphCapture, "stlRuntimeGraphCapture");
  find(api.graphLaunch, "stlRuntimeGraphLaunch");
  find(api.graphNodeCount, "stlRuntimeGraphNodeCount");
  find(api.graphDestroy, "stlRuntimeGraphDestroy");
  find(api.setPoolAllocation, "stlRuntimeSetPoolAllocation");
  return true;
}

void *GeneratedLibrary::symbol(const std::string &name,
                               std::string &error) const {
  dlerror();
  void *p = dlsym(handle, name.c_str());
  if (!p) {
    const char *why = dlerror();
    error =
        "symbol " + name + " not found" + (why ? std::string(": ") + why : "");
  }
  return p;
}

void GeneratedLibrary::setStreamOverride(void *stream, bool deferSync) const {
  if (overrideFn)
    overrideFn(stream, deferSync ? 1 : 0);
}

} // namespace bench
} // namespace stl
