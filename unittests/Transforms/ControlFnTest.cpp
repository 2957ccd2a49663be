//===- ControlFnTest.cpp - Per-op control of the matmul rewrite -----------===//
//
// An embedder chooses the scheme per product, or skips products, through
// the control function of populateRewriteMatmulPatterns.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Scheme/Scheme.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
constexpr const char *kModule = R"mlir(
func.func @f(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>,
             %c: tensor<64x64xf32>) -> (tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) {
  %0 = linalg.matmul {tag = "strassen"} ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = linalg.matmul {tag = "laderman"} ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  %2 = linalg.matmul {tag = "attention"} ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0, %1, %2 : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>
}
)mlir";

TEST(RewriteMatmulControl, ChoosesSchemePerOpAndSkips) {
  MLIRContext context;
  context.loadDialect<func::FuncDialect, linalg::LinalgDialect,
                      tensor::TensorDialect, arith::ArithDialect,
                      mlir::stl::STLDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModule, &context);
  ASSERT_TRUE(module);

  auto schemeFor = [&](StringRef name) {
    llvm::Expected<::mlir::stl::Scheme> scheme =
        ::mlir::stl::lookupScheme(name);
    EXPECT_TRUE(static_cast<bool>(scheme));
    return mlir::stl::SchemeAttr::get(&context, *scheme);
  };
  int calls = 0;
  RewritePatternSet patterns(&context);
  mlir::stl::populateRewriteMatmulPatterns(
      patterns,
      [&](linalg::LinalgOp op)
          -> std::optional<mlir::stl::RewriteMatmulOptions> {
        ++calls;
        auto tag = op->getAttrOfType<StringAttr>("tag");
        if (!tag || tag.getValue() == "attention")
          return std::nullopt;
        mlir::stl::RewriteMatmulOptions options;
        options.scheme = schemeFor(tag.getValue());
        options.schemeIsExact = true;
        return options;
      });
  ASSERT_TRUE(succeeded(applyPatternsGreedily(*module, std::move(patterns))));

  SmallVector<StringRef> schemes;
  module->walk([&](mlir::stl::MatmulOp op) {
    schemes.push_back(op.getScheme().getName());
  });
  int left = 0;
  module->walk([&](linalg::MatmulOp op) {
    ++left;
    EXPECT_EQ(op->getAttrOfType<StringAttr>("tag").getValue(), "attention");
  });
  EXPECT_EQ(left, 1);
  ASSERT_EQ(schemes.size(), 2u);
  EXPECT_EQ(schemes[0], "strassen");
  EXPECT_EQ(schemes[1], "laderman");
  EXPECT_GE(calls, 3);
}
} // namespace
