//===- AsyncLibraryCalls.cpp - Library calls on the async chain's stream --===//
//
// A library call that enqueues work on a stream it is given (the cuBLASLt
// batched GEMM of hadamard-backend=cublas) is created on a stream of its own
// and synchronized right after it, since the host code has no stream before
// gpu-async-region. Once gpu-async-region has chained the function's GPU
// work, the call can take the chain's stream: it is ordered after the encode
// kernels and before the decode kernel like any launch, and the host no
// longer waits per product.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Codegen/GPU/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLGPUASYNCLIBRARYCALLS
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;

/// Whether `op` is a call of the runtime function `name` on `stream`.
static bool isStreamCall(Operation *op, StringRef name, Value stream) {
  auto call = dyn_cast<func::CallOp>(op);
  return call && call.getCallee() == name && call.getNumOperands() == 1 &&
         call.getOperand(0) == stream;
}

/// The library call's own stream, if it is one that only the call uses:
/// created by mgpuStreamCreate, then synchronized and destroyed after it in
/// the same block. Collects those three calls in `own`.
static bool getOwnStream(func::CallOp call, Value stream,
                         SmallVectorImpl<Operation *> &own) {
  auto create = stream.getDefiningOp<func::CallOp>();
  if (!create || create.getCallee() != "mgpuStreamCreate" ||
      create->getBlock() != call->getBlock())
    return false;
  own.push_back(create);
  for (Operation *user : stream.getUsers()) {
    if (user == call)
      continue;
    if (user->getBlock() != call->getBlock() || !call->isBeforeInBlock(user) ||
        !(isStreamCall(user, "mgpuStreamSynchronize", stream) ||
          isStreamCall(user, "mgpuStreamDestroy", stream)))
      return false;
    own.push_back(user);
  }
  return own.size() == 3;
}

/// Moves `call` onto the chain's stream; false if its stream is not its own.
static bool moveOntoChain(func::CallOp call, unsigned streamOperand) {
  Value stream = call.getOperand(streamOperand);
  SmallVector<Operation *> own;
  if (!getOwnStream(call, stream, own))
    return false;

  // The host synchronization gpu-async-region put before the call (or
  // before the creation of its stream): only ops without memory effects and
  // the stream creation in between.
  gpu::WaitOp hostWait;
  for (Operation *op = call->getPrevNode(); op; op = op->getPrevNode()) {
    auto wait = dyn_cast<gpu::WaitOp>(op);
    if (wait && !wait.getAsyncToken()) {
      hostWait = wait;
      break;
    }
    if (op != own.front() && !isMemoryEffectFree(op))
      break;
  }

  // Without one the host has already waited for all earlier GPU work (or
  // there was none): the call's own stream, synchronized right after it, is
  // what the host would do anyway. (A chain started here from a fresh
  // `gpu.wait async` would not do: the GPU dialect sees no work on that
  // token and canonicalization drops the wait for it.)
  if (!hostWait)
    return false;

  OpBuilder b(call);
  Location loc = call.getLoc();
  Value token;
  if (hostWait.getAsyncDependencies().size() == 1) {
    token = hostWait.getAsyncDependencies().front();
  } else {
    // Several tokens are merged into one stream.
    token =
        gpu::WaitOp::create(b, loc, gpu::AsyncTokenType::get(call.getContext()),
                            hostWait.getAsyncDependencies())
            .getAsyncToken();
  }
  hostWait.erase();
  // gpu-to-llvm turns the token into its stream (!llvm.ptr); the cast then
  // folds away.
  Value chainStream =
      UnrealizedConversionCastOp::create(b, loc, stream.getType(), token)
          .getResult(0);
  call->setOperand(streamOperand, chainStream);
  for (Operation *op : llvm::reverse(own))
    op->erase();
  call->removeAttr(mlir::stl::kStreamOperandAttrName);

  // The chain gpu-async-region restarted after the call goes on from
  // `token`, unless a host op that may read device memory comes first: then
  // the host waits for the call's work there, as it waited for its own
  // stream before.
  for (Operation *op = call->getNextNode(); op; op = op->getNextNode()) {
    auto wait = dyn_cast<gpu::WaitOp>(op);
    if (wait && wait.getAsyncToken() && wait.getAsyncDependencies().empty()) {
      wait.getAsyncToken().replaceAllUsesWith(token);
      wait.erase();
      return true;
    }
    // The status check reads only the call's result.
    if (!isMemoryEffectFree(op) && !isa<cf::AssertOp>(op))
      break;
  }
  b.setInsertionPointAfter(call);
  gpu::WaitOp::create(b, loc, Type(), ValueRange{token});
  return true;
}

unsigned mlir::stl::continueAsyncChainsAcrossLibraryCalls(Operation *root) {
  SmallVector<std::pair<func::CallOp, unsigned>> calls;
  root->walk([&](func::CallOp call) {
    auto index =
        call->getAttrOfType<IntegerAttr>(mlir::stl::kStreamOperandAttrName);
    if (index && index.getInt() >= 0 &&
        index.getInt() < static_cast<int64_t>(call.getNumOperands()))
      calls.push_back({call, static_cast<unsigned>(index.getInt())});
  });
  unsigned moved = 0;
  for (auto [call, operand] : calls)
    moved += moveOntoChain(call, operand);
  return moved;
}

namespace {
struct STLGPUAsyncLibraryCallsPass
    : public mlir::stl::impl::STLGPUAsyncLibraryCallsBase<
          STLGPUAsyncLibraryCallsPass> {
  void runOnOperation() override {
    numCalls +=
        mlir::stl::continueAsyncChainsAcrossLibraryCalls(getOperation());
  }
};
} // namespace
