//===- ConstantTensorTest.cpp - Compile-time values of weight tensors -----===//
//
// gatherConstantTensor is the index arithmetic behind transposes, broadcasts
// and batch slices of weights; evaluateConstantTensor must respect its
// element budget before it materializes anything.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
class ConstantTensorTest : public ::testing::Test {
protected:
  ConstantTensorTest() {
    context.loadDialect<func::FuncDialect, linalg::LinalgDialect,
                        tensor::TensorDialect, arith::ArithDialect>();
  }
  DenseElementsAttr ints(ArrayRef<int64_t> shape, ArrayRef<int32_t> values) {
    auto type = RankedTensorType::get(shape, IntegerType::get(&context, 32));
    return DenseElementsAttr::get(type, values);
  }
  static SmallVector<int32_t> values(DenseElementsAttr attr) {
    return llvm::to_vector(attr.getValues<int32_t>());
  }
  MLIRContext context;
};

TEST_F(ConstantTensorTest, GatherTransposes) {
  // [[0, 1, 2], [3, 4, 5]] transposed: result dim 0 reads source dim 1.
  DenseElementsAttr source = ints({2, 3}, {0, 1, 2, 3, 4, 5});
  FailureOr<DenseElementsAttr> out = mlir::stl::gatherConstantTensor(
      source,
      cast<RankedTensorType>(ints({3, 2}, {0, 0, 0, 0, 0, 0}).getType()),
      {1, 0});
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ(values(*out), (SmallVector<int32_t>{0, 3, 1, 4, 2, 5}));
}

TEST_F(ConstantTensorTest, GatherBroadcastsAndSlices) {
  DenseElementsAttr row = ints({2}, {7, 8});
  auto type3x2 = RankedTensorType::get({3, 2}, IntegerType::get(&context, 32));
  FailureOr<DenseElementsAttr> broadcast =
      mlir::stl::gatherConstantTensor(row, type3x2, {1});
  ASSERT_TRUE(succeeded(broadcast));
  EXPECT_EQ(values(*broadcast), (SmallVector<int32_t>{7, 8, 7, 8, 7, 8}));

  // Index 0 of the batch dimension of a 2x2x2 tensor.
  DenseElementsAttr batch = ints({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  auto type2x2 = RankedTensorType::get({2, 2}, IntegerType::get(&context, 32));
  FailureOr<DenseElementsAttr> slice =
      mlir::stl::gatherConstantTensor(batch, type2x2, {-1, 0, 1});
  ASSERT_TRUE(succeeded(slice));
  EXPECT_EQ(values(*slice), (SmallVector<int32_t>{1, 2, 3, 4}));
}

TEST_F(ConstantTensorTest, GatherTwoByteElements) {
  auto bf16 = BFloat16Type::get(&context);
  auto source = DenseElementsAttr::get(
      RankedTensorType::get({2, 2}, bf16),
      ArrayRef<APFloat>{
          APFloat(APFloat::BFloat(), "1"), APFloat(APFloat::BFloat(), "2"),
          APFloat(APFloat::BFloat(), "3"), APFloat(APFloat::BFloat(), "4")});
  FailureOr<DenseElementsAttr> out = mlir::stl::gatherConstantTensor(
      source, RankedTensorType::get({2, 2}, bf16), {1, 0});
  ASSERT_TRUE(succeeded(out));
  SmallVector<double> got;
  for (APFloat v : out->getValues<APFloat>())
    got.push_back(v.convertToFloat());
  EXPECT_EQ(got, (SmallVector<double>{1, 3, 2, 4}));
}

TEST_F(ConstantTensorTest, EvaluateRespectsBudget) {
  // A splat broadcast to 2^40 elements is a few bytes of IR: it must be
  // refused by the budget, not materialized.
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(R"mlir(
    func.func @f() -> tensor<1048576x1048576xf32> {
      %w = arith.constant dense<1.0> : tensor<1048576xf32>
      %e = tensor.empty() : tensor<1048576x1048576xf32>
      %b = linalg.broadcast ins(%w : tensor<1048576xf32>) outs(%e : tensor<1048576x1048576xf32>) dimensions = [0]
      return %b : tensor<1048576x1048576xf32>
    }
  )mlir",
                                                             &context);
  ASSERT_TRUE(module);
  Value result;
  module->walk([&](linalg::BroadcastOp op) { result = op->getResult(0); });
  ASSERT_TRUE(result);
  EXPECT_TRUE(mlir::stl::isConstantTensor(result));
  EXPECT_TRUE(failed(mlir::stl::evaluateConstantTensor(result, 1 << 20)));
  EXPECT_EQ(mlir::stl::describeConstantTensor(result),
            "constant tensor<1048576xf32> through linalg.broadcast");
}
} // namespace
