//===- OutlineEncodings.cpp - One function per kind of encoding -----------===//
//
// Lowered where they stand, the two encodes and the decode of every product
// are loop nests of their own, and a module of many products took several
// times as long to compile as the same module without the rewrite. They are
// memory bound, so specializing them to each shape buys nothing: the ops
// move into private functions on dynamically-shaped tensors, shared by every
// product with the same scheme, side, element types, rank and init.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/CPU/Passes.h"
#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLCPUOUTLINEENCODINGS
#include "stl/Codegen/CPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

namespace {
/// `type` with every dimension dynamic except `keep` (the scheme rank of an
/// encoded tensor, which the op verifiers check statically).
RankedTensorType eraseExtents(RankedTensorType type,
                              std::optional<int64_t> keep = std::nullopt) {
  SmallVector<int64_t> shape(type.getRank(), ShapedType::kDynamic);
  if (keep)
    shape[*keep] = type.getDimSize(*keep);
  return RankedTensorType::get(shape, type.getElementType());
}

/// The operand and result types of the outlined function for `op`.
FunctionType getOutlinedType(Operation *op) {
  SmallVector<Type> inputs, results;
  if (auto encode = dyn_cast<EncodeOp>(op)) {
    RankedTensorType result = encode.getResult().getType();
    inputs.push_back(eraseExtents(encode.getInput().getType()));
    results.push_back(eraseExtents(result, result.getRank() - 3));
  } else {
    auto decode = cast<DecodeOp>(op);
    RankedTensorType input = decode.getInput().getType();
    inputs.push_back(eraseExtents(input, input.getRank() - 3));
    if (Value init = decode.getInit())
      inputs.push_back(eraseExtents(cast<RankedTensorType>(init.getType())));
    results.push_back(eraseExtents(decode.getResult().getType()));
  }
  return FunctionType::get(op->getContext(), inputs, results);
}

struct OutlineEncodingsPass
    : public mlir::stl::impl::STLCPUOutlineEncodingsBase<OutlineEncodingsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    // Ops in nested modules are left to a run on those: a call can only
    // name a function of its own symbol table.
    module.walk([&](Operation *op) {
      if (isa<EncodeOp, DecodeOp>(op) &&
          op->getParentOfType<ModuleOp>() == module)
        ops.push_back(op);
    });
    if (ops.empty())
      return;

    SymbolTable symbols(module);
    // (op name, attributes, function type) -> the outlined function.
    DenseMap<std::tuple<OperationName, DictionaryAttr, FunctionType>,
             func::FuncOp>
        outlined;
    OpBuilder b(&getContext());
    for (Operation *op : ops) {
      FunctionType type = getOutlinedType(op);
      func::FuncOp &callee =
          outlined[{op->getName(), op->getAttrDictionary(), type}];
      if (!callee) {
        b.setInsertionPointToEnd(module.getBody());
        std::string name = "__stl_decode";
        if (auto encode = dyn_cast<EncodeOp>(op))
          name = encode.getSide() == Side::lhs ? "__stl_encode_lhs"
                                               : "__stl_encode_rhs";
        callee = func::FuncOp::create(b, op->getLoc(), name, type);
        callee.setPrivate();
        symbols.insert(callee); // Renames on a clash.
        Block *body = callee.addEntryBlock();
        b.setInsertionPointToStart(body);
        IRMapping mapping;
        mapping.map(op->getOperands(), body->getArguments());
        Operation *clone = b.clone(*op, mapping);
        clone->getResult(0).setType(type.getResult(0));
        func::ReturnOp::create(b, op->getLoc(), clone->getResults());
      }

      b.setInsertionPoint(op);
      SmallVector<Value> args;
      for (auto [operand, argType] :
           llvm::zip_equal(op->getOperands(), type.getInputs()))
        args.push_back(
            tensor::CastOp::create(b, op->getLoc(), argType, operand));
      auto call = func::CallOp::create(b, op->getLoc(), callee, args);
      Value result = tensor::CastOp::create(
          b, op->getLoc(), op->getResult(0).getType(), call.getResult(0));
      op->getResult(0).replaceAllUsesWith(result);
      op->erase();
    }
  }
};
} // namespace
