// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Mixed precision (f16/bf16 operands, f32 accumulation) and integers (i32,
// and i8 operands widened to i32, signed and unsigned): the rewritten
// program prints exactly the numbers of the unrewritten one.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=winograd force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s

// RUN: stl-opt %s --stl-rewrite-matmul=force=true | FileCheck %s --check-prefix=IR
// 16-bit operands are encoded in f32 by default (exact on this data); the
// f16 encoding is scaled and exact here too, the bf16 one happens to be exact
// on these small integers (and says it may not be in a remark).
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 force=true encoding-type=f16" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true encoding-type=bf16" --stl-cpu-pipeline 2>/dev/null | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="force=true encoding-type=bf16" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOSSY
// LOSSY-COUNT-2: remark: encoded operands of this '{{b?f16}}' product are rounded to 'bf16'
// IR-COUNT-2: stl.matmul {{.*}} : tensor<{{[0-9x]+}}xf32>, tensor<{{[0-9x]+}}xf32>
// IR-COUNT-3: stl.matmul {{.*}} -> tensor<{{.*}}xi32>
// IR-NOT: linalg.matmul

func.func private @printMemrefF32(tensor<*xf32>)

// An m x n matrix with entries ((i * p + j * q) mod r) - s: small integers,
// so every product is exact in f32 and any changed number shows.
func.func @matrix(%m: index, %n: index, %p: index, %q: index, %r: index, %s: f32) -> tensor<?x?xf32> {
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %sum = arith.addi %ip, %jq : index
    %mod = arith.remui %sum, %r : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %v = arith.subf %f, %s : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func private @printMemrefI32(tensor<*xi32>)

// Elementwise conversions of the f32 test matrices to other element types.
#id = affine_map<(i, j) -> (i, j)>
func.func @to_f16(%t: tensor<?x?xf32>) -> tensor<?x?xf16> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %t, %c0 : tensor<?x?xf32>
  %n = tensor.dim %t, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xf16>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<?x?xf32>) outs(%e : tensor<?x?xf16>) {
  ^bb0(%x: f32, %out: f16):
    %y = arith.truncf %x : f32 to f16
    linalg.yield %y : f16
  } -> tensor<?x?xf16>
  return %0 : tensor<?x?xf16>
}

func.func @to_bf16(%t: tensor<?x?xf32>) -> tensor<?x?xbf16> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %t, %c0 : tensor<?x?xf32>
  %n = tensor.dim %t, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xbf16>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<?x?xf32>) outs(%e : tensor<?x?xbf16>) {
  ^bb0(%x: f32, %out: bf16):
    %y = arith.truncf %x : f32 to bf16
    linalg.yield %y : bf16
  } -> tensor<?x?xbf16>
  return %0 : tensor<?x?xbf16>
}

func.func @to_i32(%t: tensor<?x?xf32>) -> tensor<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %t, %c0 : tensor<?x?xf32>
  %n = tensor.dim %t, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xi32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<?x?xf32>) outs(%e : tensor<?x?xi32>) {
  ^bb0(%x: f32, %out: i32):
    %y = arith.fptosi %x : f32 to i32
    linalg.yield %y : i32
  } -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// Keeps the low 8 bits: 200 becomes the i8 bit pattern of -56.
func.func @to_i8(%t: tensor<?x?xf32>) -> tensor<?x?xi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %t, %c0 : tensor<?x?xf32>
  %n = tensor.dim %t, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xi8>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<?x?xf32>) outs(%e : tensor<?x?xi8>) {
  ^bb0(%x: f32, %out: i8):
    %y = arith.fptosi %x : f32 to i32
    %z = arith.trunci %y : i32 to i8
    linalg.yield %z : i8
  } -> tensor<?x?xi8>
  return %0 : tensor<?x?xi8>
}

func.func @print_i32(%t: tensor<?x?xi32>) {
  %u = tensor.cast %t : tensor<?x?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

// f16 operands, f32 accumulator and output (non-divisible, accumulating).
func.func @f16_acc_f32(%a: tensor<6x7xf16>, %b: tensor<7x5xf16>, %c: tensor<6x5xf32>) -> tensor<6x5xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<6x7xf16>, tensor<7x5xf16>) outs(%c : tensor<6x5xf32>) -> tensor<6x5xf32>
  return %0 : tensor<6x5xf32>
}

// bf16 operands, f32 output from zero.
func.func @bf16_acc_f32(%a: tensor<8x8xbf16>, %b: tensor<8x8xbf16>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xbf16>, tensor<8x8xbf16>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

func.func @i32(%a: tensor<5x6xi32>, %b: tensor<6x7xi32>, %c: tensor<5x7xi32>) -> tensor<5x7xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<5x6xi32>, tensor<6x7xi32>) outs(%c : tensor<5x7xi32>) -> tensor<5x7xi32>
  return %0 : tensor<5x7xi32>
}

// i8 in [-100, 100] into i32: sums of two such values overflow i8, so an
// encoder working in i8 would change the result.
func.func @i8_signed(%a: tensor<6x9xi8>, %b: tensor<9x4xi8>, %c: tensor<6x4xi32>) -> tensor<6x4xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<6x9xi8>, tensor<9x4xi8>) outs(%c : tensor<6x4xi32>) -> tensor<6x4xi32>
  return %0 : tensor<6x4xi32>
}

// The same bits read as unsigned (0..255).
func.func @i8_unsigned(%a: tensor<6x9xi8>, %b: tensor<9x4xi8>, %c: tensor<6x4xi32>) -> tensor<6x4xi32> {
  %0 = linalg.matmul {cast = #linalg.type_fn<cast_unsigned>} ins(%a, %b : tensor<6x9xi8>, tensor<9x4xi8>) outs(%c : tensor<6x4xi32>) -> tensor<6x4xi32>
  return %0 : tensor<6x4xi32>
}

func.func @main() {
  %i2 = arith.constant 2 : index
  %i3 = arith.constant 3 : index
  %i4 = arith.constant 4 : index
  %i5 = arith.constant 5 : index
  %i6 = arith.constant 6 : index
  %i7 = arith.constant 7 : index
  %i8 = arith.constant 8 : index
  %i9 = arith.constant 9 : index
  %i11 = arith.constant 11 : index
  %i29 = arith.constant 29 : index
  %i37 = arith.constant 37 : index
  %i53 = arith.constant 53 : index
  %i61 = arith.constant 61 : index
  %i201 = arith.constant 201 : index
  %i256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %f2 = arith.constant 2.0 : f32
  %f3 = arith.constant 3.0 : f32
  %f4 = arith.constant 4.0 : f32
  %f5 = arith.constant 5.0 : f32
  %f100 = arith.constant 100.0 : f32
  %fa_d = call @matrix(%i6, %i7, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %fa = tensor.cast %fa_d : tensor<?x?xf32> to tensor<6x7xf32>
  %fb_d = call @matrix(%i7, %i5, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %fb = tensor.cast %fb_d : tensor<?x?xf32> to tensor<7x5xf32>
  %fc_d = call @matrix(%i6, %i5, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %fc = tensor.cast %fc_d : tensor<?x?xf32> to tensor<6x5xf32>
  %fah_c = call @to_f16(%fa_d) : (tensor<?x?xf32>) -> tensor<?x?xf16>
  %fah = tensor.cast %fah_c : tensor<?x?xf16> to tensor<6x7xf16>
  %fbh_c = call @to_f16(%fb_d) : (tensor<?x?xf32>) -> tensor<?x?xf16>
  %fbh = tensor.cast %fbh_c : tensor<?x?xf16> to tensor<7x5xf16>
  %r1 = call @f16_acc_f32(%fah, %fbh, %fc) : (tensor<6x7xf16>, tensor<7x5xf16>, tensor<6x5xf32>) -> tensor<6x5xf32>
  %r1_d = tensor.cast %r1 : tensor<6x5xf32> to tensor<?x?xf32>
  call @print(%r1_d) : (tensor<?x?xf32>) -> ()
  %ga_d = call @matrix(%i8, %i8, %i3, %i2, %i9, %f4) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ga = tensor.cast %ga_d : tensor<?x?xf32> to tensor<8x8xf32>
  %gb_d = call @matrix(%i8, %i8, %i2, %i5, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %gb = tensor.cast %gb_d : tensor<?x?xf32> to tensor<8x8xf32>
  %gah_c = call @to_bf16(%ga_d) : (tensor<?x?xf32>) -> tensor<?x?xbf16>
  %gah = tensor.cast %gah_c : tensor<?x?xbf16> to tensor<8x8xbf16>
  %gbh_c = call @to_bf16(%gb_d) : (tensor<?x?xf32>) -> tensor<?x?xbf16>
  %gbh = tensor.cast %gbh_c : tensor<?x?xbf16> to tensor<8x8xbf16>
  %r2 = call @bf16_acc_f32(%gah, %gbh) : (tensor<8x8xbf16>, tensor<8x8xbf16>) -> tensor<8x8xf32>
  %r2_d = tensor.cast %r2 : tensor<8x8xf32> to tensor<?x?xf32>
  call @print(%r2_d) : (tensor<?x?xf32>) -> ()
  %ia_d = call @matrix(%i5, %i6, %i7, %i3, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ia = tensor.cast %ia_d : tensor<?x?xf32> to tensor<5x6xf32>
  %ib_d = call @matrix(%i6, %i7, %i5, %i2, %i9, %f4) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ib = tensor.cast %ib_d : tensor<?x?xf32> to tensor<6x7xf32>
  %ic_d = call @matrix(%i5, %i7, %i3, %i5, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ic = tensor.cast %ic_d : tensor<?x?xf32> to tensor<5x7xf32>
  %iai_c = call @to_i32(%ia_d) : (tensor<?x?xf32>) -> tensor<?x?xi32>
  %iai = tensor.cast %iai_c : tensor<?x?xi32> to tensor<5x6xi32>
  %ibi_c = call @to_i32(%ib_d) : (tensor<?x?xf32>) -> tensor<?x?xi32>
  %ibi = tensor.cast %ibi_c : tensor<?x?xi32> to tensor<6x7xi32>
  %ici_c = call @to_i32(%ic_d) : (tensor<?x?xf32>) -> tensor<?x?xi32>
  %ici = tensor.cast %ici_c : tensor<?x?xi32> to tensor<5x7xi32>
  %r3 = call @i32(%iai, %ibi, %ici) : (tensor<5x6xi32>, tensor<6x7xi32>, tensor<5x7xi32>) -> tensor<5x7xi32>
  %r3_d = tensor.cast %r3 : tensor<5x7xi32> to tensor<?x?xi32>
  call @print_i32(%r3_d) : (tensor<?x?xi32>) -> ()
  %sa_d = call @matrix(%i6, %i9, %i37, %i61, %i201, %f100) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %sa = tensor.cast %sa_d : tensor<?x?xf32> to tensor<6x9xf32>
  %sb_d = call @matrix(%i9, %i4, %i53, %i29, %i201, %f100) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %sb = tensor.cast %sb_d : tensor<?x?xf32> to tensor<9x4xf32>
  %sc_d = call @matrix(%i6, %i4, %i3, %i5, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %sc = tensor.cast %sc_d : tensor<?x?xf32> to tensor<6x4xf32>
  %sa8_c = call @to_i8(%sa_d) : (tensor<?x?xf32>) -> tensor<?x?xi8>
  %sa8 = tensor.cast %sa8_c : tensor<?x?xi8> to tensor<6x9xi8>
  %sb8_c = call @to_i8(%sb_d) : (tensor<?x?xf32>) -> tensor<?x?xi8>
  %sb8 = tensor.cast %sb8_c : tensor<?x?xi8> to tensor<9x4xi8>
  %sci_c = call @to_i32(%sc_d) : (tensor<?x?xf32>) -> tensor<?x?xi32>
  %sci = tensor.cast %sci_c : tensor<?x?xi32> to tensor<6x4xi32>
  %r4 = call @i8_signed(%sa8, %sb8, %sci) : (tensor<6x9xi8>, tensor<9x4xi8>, tensor<6x4xi32>) -> tensor<6x4xi32>
  %r4_d = tensor.cast %r4 : tensor<6x4xi32> to tensor<?x?xi32>
  call @print_i32(%r4_d) : (tensor<?x?xi32>) -> ()
  %ua_d = call @matrix(%i6, %i9, %i37, %i61, %i256, %f0) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ua = tensor.cast %ua_d : tensor<?x?xf32> to tensor<6x9xf32>
  %ub_d = call @matrix(%i9, %i4, %i53, %i29, %i256, %f0) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ub = tensor.cast %ub_d : tensor<?x?xf32> to tensor<9x4xf32>
  %ua8_c = call @to_i8(%ua_d) : (tensor<?x?xf32>) -> tensor<?x?xi8>
  %ua8 = tensor.cast %ua8_c : tensor<?x?xi8> to tensor<6x9xi8>
  %ub8_c = call @to_i8(%ub_d) : (tensor<?x?xf32>) -> tensor<?x?xi8>
  %ub8 = tensor.cast %ub8_c : tensor<?x?xi8> to tensor<9x4xi8>
  %r5 = call @i8_unsigned(%ua8, %ub8, %sci) : (tensor<6x9xi8>, tensor<9x4xi8>, tensor<6x4xi32>) -> tensor<6x4xi32>
  %r5_d = tensor.cast %r5 : tensor<6x4xi32> to tensor<?x?xi32>
  call @print_i32(%r5_d) : (tensor<?x?xi32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [6, 5] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-4,   -8,   16,   -13,   4],
// CHECK-NEXT: [4,   5,   -12,   10,   -14],
// CHECK-NEXT: [-8,   -3,   6,   8,   -1],
// CHECK-NEXT: [15,   -10,   4,   0,   7],
// CHECK-NEXT: [-13,   13,   -14,   -2,   10],
// CHECK-NEXT: [0,   -4,   9,   -9,   -3]]
// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[7,   20,   -9,   -10,   -11,   9,   -6,   7],
// CHECK-NEXT: [-11,   -10,   -9,   20,   7,   -6,   9,   -11],
// CHECK-NEXT: [-20,   -13,   36,   -13,   -20,   15,   15,   -20],
// CHECK-NEXT: [7,   20,   -9,   -10,   -11,   9,   -6,   7],
// CHECK-NEXT: [-11,   -10,   -9,   20,   7,   -6,   9,   -11],
// CHECK-NEXT: [-20,   -13,   36,   -13,   -20,   15,   15,   -20],
// CHECK-NEXT: [7,   20,   -9,   -10,   -11,   9,   -6,   7],
// CHECK-NEXT: [-11,   -10,   -9,   20,   7,   -6,   9,   -11]]
// CHECK: rank = 2 offset = 0 sizes = [5, 7] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[25,   25,   -9,   -25,   -7,   22,   -21],
// CHECK-NEXT: [-15,   32,   -4,   -2,   0,   -16,   38],
// CHECK-NEXT: [0,   -20,   5,   3,   -19,   -3,   13],
// CHECK-NEXT: [-14,   -2,   -1,   -7,   32,   -12,   -27],
// CHECK-NEXT: [23,   -10,   -25,   -6,   24,   27,   3]]
// CHECK: rank = 2 offset = 0 sizes = [6, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[18735,   15521,   10692,   -5594],
// CHECK-NEXT: [-3864,   -9086,   9618,   24295],
// CHECK-NEXT: [-11187,   -6752,   6728,   23625],
// CHECK-NEXT: [-12487,   -10053,   -13441,   -5982],
// CHECK-NEXT: [5315,   5748,   -14522,   -16494],
// CHECK-NEXT: [1804,   243,   3499,   -7918]]
// CHECK: rank = 2 offset = 0 sizes = [6, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[162889,   196882,   168404,   202390],
// CHECK-NEXT: [98320,   127115,   149517,   178312],
// CHECK-NEXT: [90327,   121355,   136511,   167539],
// CHECK-NEXT: [93591,   126852,   134776,   168037],
// CHECK-NEXT: [83294,   111364,   104618,   132695],
// CHECK-NEXT: [115998,   153732,   147171,   184898]]
