//===- IRBindings.cpp - Modules, pass pipelines and diagnostics -----------===//
//
// `stl.Module` owns its MLIRContext (every dialect and pass of stl-opt,
// registered through InitAllSTL.h), so modules never share uniqued
// attributes and a large constant dies with its module. Every diagnostic
// emitted while parsing, verifying or running passes is captured: errors
// become `stl.MLIRError` carrying their text, remarks and warnings of a
// successful run are returned.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "InputGuard.h"
#include "stl/Dialect/STL/IR/STLAttrs.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/InitAllSTL.h"
#include "stl/Scheme/Scheme.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

#include <memory>
#include <vector>

namespace nb = nanobind;
using namespace mlir;
using ::mlir::stl::python::MLIRError;

namespace {

const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Remark:
    return "remark";
  case DiagnosticSeverity::Note:
    return "note";
  }
  return "diagnostic";
}

/// Collects the diagnostics of one operation (parse, verify, pass run) as
/// "location: severity: message" lines, notes included.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(MLIRContext *context)
      : handler(context, [this](Diagnostic &diag) {
          record(diag);
          return success();
        }) {}

  const std::vector<std::string> &messages() const { return lines; }

  /// Throws MLIRError with every captured diagnostic, or `fallback` if MLIR
  /// reported the failure without one.
  [[noreturn]] void raise(const std::string &fallback) const {
    std::string text;
    for (const std::string &line : lines)
      text += (text.empty() ? "" : "\n") + line;
    throw MLIRError(text.empty() ? fallback : text);
  }

private:
  void record(Diagnostic &diag) {
    std::string line;
    llvm::raw_string_ostream os(line);
    os << diag.getLocation() << ": " << severityName(diag.getSeverity()) << ": "
       << diag;
    for (Diagnostic &note : diag.getNotes())
      os << "\n" << note.getLocation() << ": note: " << note;
    lines.push_back(std::move(line));
  }

  std::vector<std::string> lines;
  ScopedDiagnosticHandler handler;
};

std::unique_ptr<MLIRContext> makeContext() {
  DialectRegistry registry;
  mlir::stl::registerAllForTools(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  // One context per module: a thread pool each would cost more than the
  // parallel pass execution gains on small modules.
  context->disableMultithreading();
  // Loaded up front: inlineEncodedWeight creates stl and arith IR in modules
  // that may not mention those dialects yet.
  context->loadDialect<mlir::stl::STLDialect, arith::ArithDialect>();
  return context;
}

/// The float32 weights that replace one function argument.
using EncodedWeights =
    nb::ndarray<const float, nb::ndim<3>, nb::c_contig, nb::device::cpu>;

class Module {
public:
  static std::unique_ptr<Module> parse(const std::string &text,
                                       const std::string &sourceName) {
    // What stl-opt refuses before parsing: MLIR's parser would overflow the
    // stack or crash on these instead of reporting an error.
    if (std::optional<mlir::stl::UnparsableInput> refused =
            mlir::stl::findUnparsableInput(text))
      throw MLIRError(sourceName + refused->location + ": " + refused->message);
    auto result = std::unique_ptr<Module>(new Module(makeContext()));
    DiagnosticCapture diagnostics(result->context.get());
    ParserConfig config(result->context.get());
    result->module =
        parseSourceString<ModuleOp>(text, config, /*sourceName=*/sourceName);
    if (!result->module)
      diagnostics.raise("failed to parse the module");
    return result;
  }

  std::string str(bool generic, bool locations) const {
    std::string text;
    llvm::raw_string_ostream os(text);
    OpPrintingFlags flags;
    if (generic)
      flags.printGenericOpForm();
    if (locations)
      flags.enableDebugInfo();
    ModuleOp op = module.get();
    op.print(os, flags);
    return text;
  }

  void verify() const {
    DiagnosticCapture diagnostics(context.get());
    if (failed(mlir::verify(*module)))
      diagnostics.raise("the module does not verify");
  }

  /// Runs `pipeline` (textual, with or without the `builtin.module(...)`
  /// anchor) on a copy and keeps the copy only if every pass succeeded, so a
  /// failing pipeline leaves the module as it was.
  std::vector<std::string> run(const std::string &pipeline) {
    DiagnosticCapture diagnostics(context.get());
    StringRef body = StringRef(pipeline).trim();
    if (body.consume_front("builtin.module(")) {
      if (!body.consume_back(")"))
        throw MLIRError("invalid pass pipeline '" + pipeline +
                        "': unbalanced parentheses");
    }
    PassManager pm(context.get(), ModuleOp::getOperationName());
    std::string parseError;
    llvm::raw_string_ostream errorStream(parseError);
    if (failed(parsePassPipeline(body, pm, errorStream)))
      throw MLIRError("invalid pass pipeline '" + pipeline +
                      "': " + StringRef(parseError).trim().str());
    OwningOpRef<ModuleOp> copy(module->clone());
    if (failed(pm.run(*copy)))
      diagnostics.raise("pass pipeline '" + pipeline + "' failed");
    module = std::move(copy);
    return diagnostics.messages();
  }

  std::unique_ptr<Module> clone() const {
    return parse(str(/*generic=*/true, /*locations=*/true), "<clone>");
  }

  /// Replaces every `linalg.matmul` whose rhs is argument `argIndex` of
  /// function `funcName` by `stl.matmul ... rhs_encoded` with `scheme` and
  /// the constant `encoded` (r x K/k x N/n), and removes the argument. This
  /// is how a model exported with placeholders for its STL weights gets its
  /// learned operators back.
  void inlineEncodedWeight(const std::string &funcName, unsigned argIndex,
                           const ::mlir::stl::Scheme &scheme,
                           EncodedWeights encoded) {
    DiagnosticCapture diagnostics(context.get());
    auto fn = module->lookupSymbol<func::FuncOp>(funcName);
    if (!fn)
      throw MLIRError("no function @" + funcName + " in the module");
    if (fn.isExternal() || argIndex >= fn.getNumArguments())
      throw MLIRError("@" + funcName + " has no argument " +
                      std::to_string(argIndex));
    BlockArgument arg = fn.getArgument(argIndex);
    auto argType = dyn_cast<RankedTensorType>(arg.getType());
    if (!argType || argType.getRank() != 2 || !argType.hasStaticShape() ||
        !argType.getElementType().isF32())
      throw MLIRError("argument " + std::to_string(argIndex) + " of @" +
                      funcName + " is not a static 2-d f32 tensor");
    int64_t kDim = argType.getDimSize(0), nDim = argType.getDimSize(1);
    if (kDim % scheme.k || nDim % scheme.n)
      throw MLIRError("argument " + std::to_string(argIndex) + " is " +
                      std::to_string(kDim) + "x" + std::to_string(nDim) +
                      ", not a multiple of the scheme's k x n tile");
    SmallVector<int64_t> encodedShape{scheme.rank, kDim / scheme.k,
                                      nDim / scheme.n};
    for (unsigned d = 0; d < 3; ++d)
      if (static_cast<int64_t>(encoded.shape(d)) != encodedShape[d])
        throw MLIRError("encoded weights of argument " +
                        std::to_string(argIndex) + " have the wrong shape");

    SmallVector<linalg::MatmulOp> users;
    for (OpOperand &use : arg.getUses()) {
      auto matmul = dyn_cast<linalg::MatmulOp>(use.getOwner());
      if (!matmul || use.getOperandNumber() != 1)
        throw MLIRError("argument " + std::to_string(argIndex) + " of @" +
                        funcName + " is used by '" +
                        use.getOwner()->getName().getStringRef().str() +
                        "', not only as the rhs of linalg.matmul");
      // Transposed or broadcast operands (explicit indexing maps) are not
      // the X * W that stl.matmul computes.
      if (!matmul.hasPureTensorSemantics() || matmul.hasUserDefinedMaps())
        throw MLIRError("the linalg.matmul using argument " +
                        std::to_string(argIndex) +
                        " has explicit indexing maps or buffer operands");
      users.push_back(matmul);
    }

    auto schemeAttr = mlir::stl::SchemeAttr::getChecked(
        [&] { return fn.emitError(); }, context.get(), scheme);
    if (!schemeAttr)
      diagnostics.raise("invalid scheme");
    auto type =
        RankedTensorType::get(encodedShape, Float32Type::get(context.get()));
    auto values = DenseElementsAttr::get(
        type, ArrayRef<float>(encoded.data(), encoded.size()));
    OpBuilder builder(context.get());
    builder.setInsertionPointToStart(&fn.getBody().front());
    Value weights = arith::ConstantOp::create(builder, arg.getLoc(), values);
    for (linalg::MatmulOp matmul : users) {
      builder.setInsertionPoint(matmul);
      Value lhs = matmul.getDpsInputOperand(0)->get();
      Value init = matmul.getDpsInitOperand(0)->get();
      auto stlMatmul = mlir::stl::MatmulOp::create(
          builder, matmul.getLoc(), matmul.getResult(0).getType(), lhs, weights,
          init, schemeAttr, builder.getUnitAttr(), TypeAttr());
      matmul.getResult(0).replaceAllUsesWith(stlMatmul.getResult());
      matmul.erase();
    }
    if (failed(fn.eraseArgument(argIndex)))
      diagnostics.raise("cannot remove argument " + std::to_string(argIndex));
    if (failed(mlir::verify(*module)))
      diagnostics.raise("the module does not verify after inlining");
  }

private:
  explicit Module(std::unique_ptr<MLIRContext> context)
      : context(std::move(context)) {}

  // Declared first: the module must be destroyed before its context.
  std::unique_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
};

} // namespace

void ::mlir::stl::python::bindIR(nb::module_ &m) {
  nb::class_<Module>(m, "Module",
                     "An MLIR module in its own context with every stl and "
                     "upstream dialect and pass registered")
      .def_static("parse", &Module::parse, nb::arg("text"),
                  nb::arg("source_name") = "<string>",
                  "Parses and verifies `text`; raises MLIRError with the "
                  "diagnostics if it is not valid IR")
      .def("__str__", [](const Module &self) { return self.str(false, false); })
      .def("to_string", &Module::str, nb::arg("generic") = false,
           nb::arg("locations") = false)
      .def("verify", &Module::verify, "Raises MLIRError if invalid")
      .def("run", &Module::run, nb::arg("pipeline"),
           "Runs a textual pass pipeline in place; returns the remarks and "
           "warnings; raises MLIRError (module unchanged) on failure")
      .def("clone", &Module::clone)
      .def("inline_encoded_weight", &Module::inlineEncodedWeight,
           nb::arg("func"), nb::arg("arg_index"), nb::arg("scheme"),
           nb::arg("encoded"),
           "Turns `linalg.matmul(x, arg)` into `stl.matmul x, const "
           "rhs_encoded` with `scheme` and removes the argument");
}
