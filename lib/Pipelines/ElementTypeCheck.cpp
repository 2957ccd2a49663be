//===- ElementTypeCheck.cpp - Types a pipeline refuses up front -----------===//

#include "ElementTypeCheck.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
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
          if (rule.appliesTo && !rule.appliesTo(op))
            return WalkResult::advance();
          for (TypeRange types : {TypeRange(op->getOperandTypes()),
                                  TypeRange(op->getResultTypes())})
            for (Type type : types)
              if (!rule.isSupported(getElementTypeOrSelf(type))) {
                report(op, getElementTypeOrSelf(type));
                return WalkResult::interrupt();
              }
          return WalkResult::advance();
        });
    if (result.wasInterrupted())
      signalPassFailure();
  }
  /// The diagnostic, on the op or, for ops without a location (the body of
  /// a named linalg op), on the nearest enclosing op that has one.
  void report(Operation *op, Type element) {
    Operation *where = op;
    while (isa<UnknownLoc>(where->getLoc()) && where->getParentOp())
      where = where->getParentOp();
    if (where == op)
      op->emitOpError() << "has element type " << element << ", which "
                        << rule.why;
    else
      where->emitOpError() << "holds '" << op->getName()
                           << "' with element type " << element << ", which "
                           << rule.why;
  }
  ElementTypeRule rule;
};
} // namespace

std::unique_ptr<Pass>
mlir::stl::detail::createCheckElementTypesPass(const ElementTypeRule &rule) {
  return std::make_unique<CheckElementTypes>(rule);
}
