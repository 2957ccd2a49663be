//===- Report.cpp - Report the multiplies an STL rewrite saves ------------===//

#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLREPORT
#include "stl/Dialect/STL/Transforms/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

namespace {
struct Entry {
  std::string function;
  std::string location;
  MultiplyCount count;
};

/// A product whose multiplies are not counted (dynamic extents): still
/// listed, with its scheme and pre-encoded weight.
struct Uncounted {
  std::string function;
  std::string location;
  std::string scheme;
  std::optional<std::string> weight;
};

struct STLReportPass : public mlir::stl::impl::STLReportBase<STLReportPass> {
  using STLReportBase::STLReportBase;

  void runOnOperation() override {
    SmallVector<Entry> entries;
    SmallVector<Uncounted> uncounted;
    // Running totals, so that printing them cannot overflow either.
    int64_t totalOriginal = 0, totalSTL = 0;
    getOperation().walk([&](Operation *op) {
      if (!isa<MatmulOp, HadamardOp>(op))
        return;
      FailureOr<MultiplyCount> count = countMultiplies(op);
      std::optional<int64_t> original, stl;
      if (succeeded(count)) {
        original = llvm::checkedAdd(totalOriginal, count->original);
        stl = llvm::checkedAdd(totalSTL, count->stl);
      }
      if (!original || !stl) {
        op->emitRemark("stl-report: multiplies not counted (dynamic shape, "
                       "or a count beyond 64 bits)");
        Uncounted u;
        if (auto fn = op->getParentOfType<FunctionOpInterface>())
          u.function = fn.getName().str();
        llvm::raw_string_ostream loc(u.location);
        op->getLoc().print(loc);
        SchemeAttr scheme;
        if (auto matmul = dyn_cast<MatmulOp>(op))
          scheme = matmul.getScheme();
        else if (auto encode =
                     cast<HadamardOp>(op).getLhs().getDefiningOp<EncodeOp>())
          scheme = encode.getScheme();
        if (scheme)
          u.scheme = scheme.getName().str();
        u.weight = getPreEncodedWeight(op);
        uncounted.push_back(std::move(u));
        return;
      }
      totalOriginal = *original;
      totalSTL = *stl;
      Entry e;
      if (auto fn = op->getParentOfType<FunctionOpInterface>())
        e.function = fn.getName().str();
      llvm::raw_string_ostream loc(e.location);
      op->getLoc().print(loc);
      e.count = *count;
      entries.push_back(std::move(e));
    });

    std::string error;
    auto file = openOutputFile(output, &error);
    if (!file) {
      getOperation().emitError() << "stl-report: " << error;
      return signalPassFailure();
    }
    if (format == ReportFormat::JSON)
      printJSON(file->os(), entries, uncounted);
    else
      printText(file->os(), entries, uncounted);
    file->keep();
  }

  static void printText(raw_ostream &os, ArrayRef<Entry> entries,
                        ArrayRef<Uncounted> uncounted) {
    int64_t original = 0, stl = 0;
    os << "STL report: " << entries.size() + uncounted.size()
       << " product(s)\n";
    for (const Entry &e : entries) {
      const MultiplyCount &c = e.count;
      os << "  @" << e.function << " " << c.scheme << " <" << c.m << "," << c.k
         << "," << c.n << ";" << c.rank << "> ";
      if (c.batch != 1)
        os << c.batch << "x";
      os << c.rows << "x" << c.inner << "x" << c.cols << ": multiplies "
         << c.original << " -> " << c.stl
         << llvm::format(" (x%.3f)", double(c.original) / double(c.stl))
         << (c.rhsPreEncoded ? ", weight pre-encoded" : "");
      if (!c.weight.empty())
        os << " (" << c.weight << ")";
      os << "\n";
      if (!c.selection.empty())
        os << "    " << c.selection << "\n";
      original += c.original;
      stl += c.stl;
    }
    for (const Uncounted &u : uncounted) {
      os << "  @" << u.function << " " << u.scheme
         << ": multiplies not counted";
      if (u.weight) {
        os << ", weight pre-encoded";
        if (!u.weight->empty())
          os << " (" << *u.weight << ")";
      }
      os << "\n";
    }
    if (!uncounted.empty())
      os << "  (" << uncounted.size()
         << " product(s) with dynamic shapes not counted)\n";
    os << "total multiplies: " << original << " -> " << stl;
    if (stl && original) {
      double saved = 1.0 - double(stl) / double(original);
      os << llvm::format(" (x%.3f, %.1f%% %s)", double(original) / double(stl),
                         100.0 * std::abs(saved),
                         saved >= 0 ? "saved" : "more");
    }
    os << "\n";
  }

  static void printJSON(raw_ostream &os, ArrayRef<Entry> entries,
                        ArrayRef<Uncounted> uncounted) {
    llvm::json::Array products;
    int64_t original = 0, stl = 0;
    for (const Entry &e : entries) {
      const MultiplyCount &c = e.count;
      products.push_back(llvm::json::Object{
          {"function", e.function},
          {"location", e.location},
          {"scheme", c.scheme},
          {"tile", llvm::json::Array{c.m, c.k, c.n}},
          {"batch", c.batch},
          {"shape", llvm::json::Array{c.rows, c.inner, c.cols}},
          {"rank", c.rank},
          {"multiplies_original", c.original},
          {"multiplies_stl", c.stl},
          {"weight_pre_encoded", c.rhsPreEncoded},
          {"weight", c.weight}});
      original += c.original;
      stl += c.stl;
    }
    llvm::json::Array uncountedProducts;
    for (const Uncounted &u : uncounted)
      uncountedProducts.push_back(
          llvm::json::Object{{"function", u.function},
                             {"location", u.location},
                             {"scheme", u.scheme},
                             {"weight_pre_encoded", u.weight.has_value()},
                             {"weight", u.weight.value_or("")}});
    llvm::json::Object root{
        {"products", std::move(products)},
        {"uncounted", int64_t(uncounted.size())},
        {"uncounted_products", std::move(uncountedProducts)},
        {"multiplies_original", original},
        {"multiplies_stl", stl}};
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  }
};
} // namespace
