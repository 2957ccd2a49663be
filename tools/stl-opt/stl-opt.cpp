//===- stl-opt.cpp - The stl optimizer driver -----------------------------===//

#include "stl/InitAllSTL.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::stl::registerAllForTools(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "stl optimizer driver: Strassen-Tile passes and pipelines\n",
      registry));
}
