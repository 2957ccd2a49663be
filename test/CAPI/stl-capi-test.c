/*===- stl-capi-test.c - Test of the stl C API --------------------*- C -*-===*\
|*                                                                            *|
|* Creates and inspects schemes, reports errors through the context's        *|
|* diagnostic handler, and rewrites a matmul with the generated C pass API   *|
|* and by pipeline text. docs/Embedding.md shows excerpts of this program.   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

// RUN: stl-capi-test 2>&1 | FileCheck %s

#include "stl-c/Dialect.h"
#include "stl-c/Passes.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic,
                                         void *userData) {
  (void)userData;
  printf("diagnostic: ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static MlirContext createContext(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  stlRegisterAllForTools(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);
  return ctx;
}

static void testDialectHandle(MlirContext ctx) {
  // CHECK-LABEL: dialect handle
  printf("dialect handle\n");
  MlirDialectHandle handle = mlirGetDialectHandle__stl__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(handle);
  // CHECK: namespace: stl
  printf("namespace: %.*s\n", (int)ns.length, ns.data);
  MlirDialect dialect = mlirDialectHandleLoadDialect(handle, ctx);
  // CHECK: loaded: 1
  printf("loaded: %d\n", !mlirDialectIsNull(dialect));
}

static void testSchemes(MlirContext ctx) {
  // CHECK-LABEL: schemes
  printf("schemes\n");
  MlirAttribute strassen =
      stlSchemeAttrGetByName(ctx, mlirStringRefCreateFromCString("strassen"));
  // CHECK: strassen: scheme=1 tile=2x2x2 rank=7 exact=1 integer=1
  MlirStringRef name = stlSchemeAttrGetName(strassen);
  printf("%.*s: scheme=%d tile=%lldx%lldx%lld rank=%lld exact=%d integer=%d\n",
         (int)name.length, name.data, stlAttributeIsAScheme(strassen),
         (long long)stlSchemeAttrGetM(strassen),
         (long long)stlSchemeAttrGetK(strassen),
         (long long)stlSchemeAttrGetN(strassen),
         (long long)stlSchemeAttrGetRank(strassen),
         stlSchemeAttrIsExact(strassen),
         stlSchemeAttrHasIntegerCoefficients(strassen));
  // The first Strassen product is (A11 + A22) * (B11 + B22).
  // CHECK: u[0] = 1 0 0 1
  printf("u[0] =");
  for (intptr_t i = 0; i < 4; ++i)
    printf(" %g", stlSchemeAttrGetU(strassen, i));
  printf("\n");
  // CHECK: printed: #stl.scheme<"strassen">
  printf("printed: ");
  mlirAttributePrint(strassen, printToStdout, NULL);
  printf("\n");

  // A 1x1x2 tile product (a row times a column pair) with rank 2: exact.
  double u[] = {1, 1};
  double v[] = {1, 0, 0, 1};
  double w[] = {1, 0, 0, 1};
  MlirAttribute mine =
      stlSchemeAttrGet(ctx, mlirStringRefCreateFromCString("row-times-pair"), 1,
                       1, 2, 2, u, v, w);
  // CHECK: mine: #stl.scheme<"row-times-pair", tile = [1, 1, 2], rank = 2
  // CHECK-SAME: exact=1
  printf("mine: ");
  mlirAttributePrint(mine, printToStdout, NULL);
  printf(" exact=%d\n", stlSchemeAttrIsExact(mine));

  // Bad input gives a diagnostic and a null attribute, never a crash.
  // CHECK: diagnostic: cannot resolve scheme 'no-such-scheme'
  // CHECK-NEXT: unknown name: null=1
  MlirAttribute unknown = stlSchemeAttrGetByName(
      ctx, mlirStringRefCreateFromCString("no-such-scheme"));
  printf("unknown name: null=%d\n", mlirAttributeIsNull(unknown));
  // CHECK: diagnostic: scheme 'bad': tile 0x1x1 and rank 1 must be positive
  // CHECK-NEXT: bad tile: null=1
  MlirAttribute badTile = stlSchemeAttrGet(
      ctx, mlirStringRefCreateFromCString("bad"), 0, 1, 1, 1, u, v, w);
  printf("bad tile: null=%d\n", mlirAttributeIsNull(badTile));
  double nan[] = {0.0 / 0.0, 1};
  // CHECK: diagnostic: {{.*}}
  // CHECK-NEXT: non-finite coefficient: null=1
  MlirAttribute badValue = stlSchemeAttrGet(
      ctx, mlirStringRefCreateFromCString("nan"), 1, 1, 2, 2, nan, v, w);
  printf("non-finite coefficient: null=%d\n", mlirAttributeIsNull(badValue));
}

static const char *kMatmul =
    "func.func @mm(%a: tensor<4x6xf32>, %b: tensor<6x8xf32>,\n"
    "              %c: tensor<4x8xf32>) -> tensor<4x8xf32> {\n"
    "  %0 = linalg.matmul ins(%a, %b : tensor<4x6xf32>, tensor<6x8xf32>)\n"
    "                     outs(%c : tensor<4x8xf32>) -> tensor<4x8xf32>\n"
    "  return %0 : tensor<4x8xf32>\n"
    "}\n";

static void runAndPrint(MlirContext ctx, MlirPassManager pm) {
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kMatmul));
  MlirLogicalResult result =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  printf("run: %s\n", mlirLogicalResultIsSuccess(result) ? "ok" : "failed");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  mlirModuleDestroy(module);
}

static void testGeneratedPass(MlirContext ctx) {
  // CHECK-LABEL: generated pass
  printf("generated pass\n");
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  // The default scheme (Strassen), created through the generated C API.
  mlirPassManagerAddOwnedPass(pm, mlirCreateSTLSTLRewriteMatmul());
  // clang-format off
  // CHECK: run: ok
  // CHECK: stl.matmul %{{.*}}, %{{.*}} into %{{.*}} {scheme = #stl.scheme<"strassen">}
  // CHECK-NOT: linalg.matmul
  // clang-format on
  runAndPrint(ctx, pm);
  mlirPassManagerDestroy(pm);
}

static void testPipelineText(MlirContext ctx) {
  // CHECK-LABEL: pipeline text
  printf("pipeline text\n");
  stlRegisterAllPasses();
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      opm,
      mlirStringRefCreateFromCString(
          "builtin.module(stl-rewrite-matmul{scheme=winograd},stl-decompose)"),
      printToStdout, NULL);
  // CHECK: parsed: ok
  printf("parsed: %s\n", mlirLogicalResultIsSuccess(parsed) ? "ok" : "failed");
  // CHECK: run: ok
  // CHECK: stl.encode lhs {{.*}}#stl.scheme<"winograd">
  // CHECK: stl.hadamard
  // CHECK: stl.decode
  runAndPrint(ctx, pm);
  mlirPassManagerDestroy(pm);
}

static void testCPUPipeline(MlirContext ctx) {
  // CHECK-LABEL: cpu pipeline
  printf("cpu pipeline\n");
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  mlirPassManagerAddOwnedPass(pm, mlirCreateSTLSTLRewriteMatmul());
  // CHECK: no such option no-such-option
  // CHECK: invalid stl-cpu-pipeline options 'no-such-option=1'
  // CHECK-NEXT: bad options: failed
  MlirLogicalResult bad =
      stlAddCPUPipeline(opm, mlirStringRefCreateFromCString("no-such-option=1"),
                        printToStdout, NULL);
  printf("\nbad options: %s\n",
         mlirLogicalResultIsSuccess(bad) ? "ok" : "failed");
  // CHECK: good options: ok
  MlirLogicalResult good = stlAddCPUPipeline(
      opm, mlirStringRefCreateFromCString("fold-constant-encodings=false"),
      printToStdout, NULL);
  printf("good options: %s\n",
         mlirLogicalResultIsSuccess(good) ? "ok" : "failed");
  // CHECK: run: ok
  // CHECK: llvm.func @mm
  // CHECK-NOT: stl.
  runAndPrint(ctx, pm);
  mlirPassManagerDestroy(pm);
}

/// Hostile input to every entry point: an error the caller can read, never a
/// crash (the sanitized suite runs this program too; fuzz/FuzzCAPI.cpp
/// explores further).
static void testHostileInput(MlirContext ctx) {
  // CHECK-LABEL: hostile input
  printf("hostile input\n");
  double one[] = {1};
  // Extents beyond the scheme limits are refused before the arrays (here far
  // too short for the claimed sizes) are read.
  // CHECK: 'huge': tile 1099511627776x1x1, rank 1: field 'm' must be an
  // CHECK-SAME: integer in [1, 1024], got 1099511627776
  // CHECK-NEXT: huge tile: null=1
  MlirAttribute huge =
      stlSchemeAttrGet(ctx, mlirStringRefCreateFromCString("huge"),
                       (int64_t)1 << 40, 1, 1, 1, one, one, one);
  printf("huge tile: null=%d\n", mlirAttributeIsNull(huge));
  // CHECK: 'wide': tile 1x1x1, rank 9223372036854775807: field 'rank'
  // CHECK-SAME: must be an integer in [1, 1048576], got 9223372036854775807
  // CHECK-NEXT: huge rank: null=1
  MlirAttribute wide =
      stlSchemeAttrGet(ctx, mlirStringRefCreateFromCString("wide"), 1, 1, 1,
                       INT64_MAX, one, one, one);
  printf("huge rank: null=%d\n", mlirAttributeIsNull(wide));
  // CHECK: diagnostic: scheme 'cube': tile 1024x1024x1024, rank 1: {{.+}}
  // CHECK-NEXT: huge volume: null=1
  MlirAttribute cube =
      stlSchemeAttrGet(ctx, mlirStringRefCreateFromCString("cube"), 1024, 1024,
                       1024, 1, one, one, one);
  printf("huge volume: null=%d\n", mlirAttributeIsNull(cube));
  // CHECK: diagnostic: scheme 'none': null coefficient array
  // CHECK-NEXT: null array: null=1
  MlirAttribute none = stlSchemeAttrGet(
      ctx, mlirStringRefCreateFromCString("none"), 1, 1, 1, 1, one, NULL, one);
  printf("null array: null=%d\n", mlirAttributeIsNull(none));

  // Accessors answer NaN or 0 outside a scheme's arrays and on attributes
  // that are not schemes.
  MlirAttribute strassen =
      stlSchemeAttrGetByName(ctx, mlirStringRefCreateFromCString("strassen"));
  MlirAttribute unit = mlirUnitAttrGet(ctx);
  double outside = stlSchemeAttrGetU(strassen, 28);
  double negative = stlSchemeAttrGetW(strassen, -1);
  // CHECK: outside: nan=1 nan=1 m=0 rank=0 exact=0 name=0 u=nan
  printf("outside: nan=%d nan=%d m=%lld rank=%lld exact=%d name=%zu u=%s\n",
         outside != outside, negative != negative,
         (long long)stlSchemeAttrGetM(unit),
         (long long)stlSchemeAttrGetRank(unit), stlSchemeAttrIsExact(unit),
         stlSchemeAttrGetName(unit).length,
         stlSchemeAttrGetU(unit, 0) != stlSchemeAttrGetU(unit, 0) ? "nan"
                                                                  : "number");

  // Text MLIR 22's parser would crash on is refused with its line; other
  // malformed text gets the parser's own diagnostic. Both give a null module.
  // CHECK: diagnostic: input.mlir:2: expected a property dictionary
  // CHECK-SAME: after the linalg op name
  // CHECK-NEXT: guarded: null=1
  MlirModule guarded = stlModuleCreateParse(
      ctx, mlirStringRefCreateFromCString("// a fill\nlinalg.fill<2>"),
      mlirStringRefCreateFromCString("input.mlir"));
  printf("guarded: null=%d\n", mlirModuleIsNull(guarded));
  char deep[2049];
  memset(deep, '[', 2048);
  deep[2048] = 0;
  // CHECK: diagnostic: deep.mlir: brackets nested 2048 levels deep; at
  // CHECK-SAME: most 512 are supported
  // CHECK-NEXT: nested: null=1
  MlirModule nested =
      stlModuleCreateParse(ctx, mlirStringRefCreateFromCString(deep),
                           mlirStringRefCreateFromCString("deep.mlir"));
  printf("nested: null=%d\n", mlirModuleIsNull(nested));
  // CHECK: diagnostic: {{.*}}
  // CHECK: malformed: null=1
  MlirModule malformed = stlModuleCreateParse(
      ctx, mlirStringRefCreateFromCString("func.func @f( {"),
      mlirStringRefCreateFromCString("bad.mlir"));
  printf("malformed: null=%d\n", mlirModuleIsNull(malformed));
  // CHECK: parsed: null=0
  MlirModule parsed =
      stlModuleCreateParse(ctx, mlirStringRefCreateFromCString(kMatmul),
                           mlirStringRefCreateFromCString("mm.mlir"));
  printf("parsed: null=%d\n", mlirModuleIsNull(parsed));
  mlirModuleDestroy(parsed);

  // Unknown pipeline options: the callback gets the reason.
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  // CHECK: invalid stl-gpu-pipeline options 'format=foo'
  // CHECK-NEXT: bad format: failed
  MlirLogicalResult badFormat = stlAddGPUPipeline(
      opm, mlirStringRefCreateFromCString("format=foo"), printToStdout, NULL);
  printf("\nbad format: %s\n",
         mlirLogicalResultIsSuccess(badFormat) ? "ok" : "failed");
  mlirPassManagerDestroy(pm);
}

int main(void) {
  // Keep this program's lines in order with MLIR's messages on stderr.
  setvbuf(stdout, NULL, _IOLBF, 0);
  MlirContext ctx = createContext();
  testDialectHandle(ctx);
  testSchemes(ctx);
  testGeneratedPass(ctx);
  testPipelineText(ctx);
  testCPUPipeline(ctx);
  testHostileInput(ctx);
  mlirContextDestroy(ctx);
  // CHECK: done
  printf("done\n");
  return 0;
}
