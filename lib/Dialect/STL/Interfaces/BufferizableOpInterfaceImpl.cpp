//===- BufferizableOpInterfaceImpl.cpp - stl ops and bufferization --------===//

#include "stl/Dialect/STL/Interfaces/BufferizableOpInterfaceImpl.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {
/// Analysis sees a pure op that reads its operands and aliases nothing;
/// rewriting it into buffers is refused with the way out.
template <typename OpTy>
struct LoweredBeforeBufferizationModel
    : public BufferizableOpInterface::ExternalModel<
          LoweredBeforeBufferizationModel<OpTy>, OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &state) const {
    return true;
  }
  bool bufferizesToMemoryWrite(Operation *op, OpOperand &operand,
                               const AnalysisState &state) const {
    return false;
  }
  AliasingValueList getAliasingValues(Operation *op, OpOperand &operand,
                                      const AnalysisState &state) const {
    return {};
  }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    return op->emitOpError()
           << "is lowered before bufferization: run --convert-stl-to-linalg "
              "(CPU) or --convert-stl-to-gpu (GPU) first, or use "
              "--stl-cpu-pipeline / --stl-gpu-pipeline, which do";
  }
};
} // namespace

void mlir::stl::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, STLDialect *dialect) {
    EncodeOp::attachInterface<LoweredBeforeBufferizationModel<EncodeOp>>(*ctx);
    HadamardOp::attachInterface<LoweredBeforeBufferizationModel<HadamardOp>>(
        *ctx);
    DecodeOp::attachInterface<LoweredBeforeBufferizationModel<DecodeOp>>(*ctx);
    MatmulOp::attachInterface<LoweredBeforeBufferizationModel<MatmulOp>>(*ctx);
  });
}
