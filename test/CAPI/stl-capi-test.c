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

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

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
  // CHECK: run: ok
  // CHECK: stl.matmul %{{.*}}, %{{.*}} into %{{.*}} {scheme =
  // #stl.scheme<"strassen">} CHECK-NOT: linalg.matmul
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

int main(void) {
  // Keep this program's lines in order with MLIR's messages on stderr.
  setvbuf(stdout, NULL, _IOLBF, 0);
  MlirContext ctx = createContext();
  testDialectHandle(ctx);
  testSchemes(ctx);
  testGeneratedPass(ctx);
  testPipelineText(ctx);
  testCPUPipeline(ctx);
  mlirContextDestroy(ctx);
  // CHECK: done
  printf("done\n");
  return 0;
}
