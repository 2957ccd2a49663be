//===- ElementTypeCheck.cpp - Types a pipeline refuses up front -----------===//

#include "ElementTypeCheck.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::stl::detail;

namespace {
struct CheckElementTypes
    : PassWrapper<CheckElementTypes, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CheckElementTypes)
  explicit CheckElementTypes(const ElementTypeRule &rule) : rule(rule) {}
  StringRef getArgument() const final { return rule.argument; }
  void runOnOperation() override {
    WalkResult result =
        getOperation()->walk<WalkOrder::PreOrder>([&](Operation *op) {
          for (TypeRange types : {TypeRange(op->getOperandTypes()),
                                  TypeRange(op->getResultTypes())})
            for (Type type : types)
              if (!rule.isSupported(getElementTypeOrSelf(type))) {
                op->emitOpError()
                    << "has element type " << getElementTypeOrSelf(type)
                    << ", which " << rule.why;
                return WalkResult::interrupt();
              }
          return WalkResult::advance();
        });
    if (result.wasInterrupted())
      signalPassFailure();
  }
  ElementTypeRule rule;
};
} // namespace

std::unique_ptr<Pass>
mlir::stl::detail::createCheckElementTypesPass(const ElementTypeRule &rule) {
  return std::make_unique<CheckElementTypes>(rule);
}
