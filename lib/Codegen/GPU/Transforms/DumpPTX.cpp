//===- DumpPTX.cpp - Write the PTX of gpu.binary objects to files ---------===//
//
// A printed gpu.binary holds its PTX as an escaped string attribute; tests
// and users that want to run ptxas (or read the PTX) get plain files.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/Passes.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLGPUDUMPPTX
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;

namespace {
struct STLGPUDumpPTXPass
    : public mlir::stl::impl::STLGPUDumpPTXBase<STLGPUDumpPTXPass> {
  using Base::Base;

  void runOnOperation() override {
    if (dir.empty()) {
      mlir::emitError(getOperation()->getLoc())
          << "stl-gpu-dump-ptx needs dir=<directory>";
      return signalPassFailure();
    }
    if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
      mlir::emitError(getOperation()->getLoc())
          << "cannot create '" << dir << "': " << ec.message();
      return signalPassFailure();
    }
    getOperation()->walk([&](gpu::BinaryOp binary) {
      for (Attribute attr : binary.getObjects()) {
        auto object = dyn_cast<gpu::ObjectAttr>(attr);
        if (!object || object.getFormat() != gpu::CompilationTarget::Assembly)
          continue;
        std::string chip = "unknown";
        if (auto target = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget()))
          chip = target.getChip().str();
        SmallString<256> path(dir);
        llvm::sys::path::append(path,
                                binary.getSymName() + "." + chip + ".ptx");
        std::error_code ec;
        llvm::raw_fd_ostream os(path, ec);
        if (ec) {
          binary.emitError()
              << "cannot write '" << path << "': " << ec.message();
          return signalPassFailure();
        }
        os << object.getObject().getValue();
      }
    });
  }
};
} // namespace
