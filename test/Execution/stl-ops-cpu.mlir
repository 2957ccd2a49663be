// Executes stl ops lowered by --stl-cpu-pipeline and compares each against
// linalg on integer-valued data: the printed max |difference| must be exactly
// 0 (exact schemes), and the printed checksum shows the data was not trivial.
//
// RUN: stl-opt %s --stl-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

// ((a*i + b*j + c*k) mod 7) - 3 as f32, for a rank-3 tensor.
func.func @fill3(%t: tensor<?x?x?xf32>, %a: index, %b: index, %c: index) -> tensor<?x?x?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>],
                       iterator_types = ["parallel", "parallel", "parallel"]}
      outs(%t : tensor<?x?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = linalg.index 2 : index
    %x = arith.muli %i, %a : index
    %y = arith.muli %j, %b : index
    %z = arith.muli %k, %c : index
    %s0 = arith.addi %x, %y : index
    %s = arith.addi %s0, %z : index
    %c7 = arith.constant 7 : index
    %m = arith.remui %s, %c7 : index
    %v = arith.index_cast %m : index to i64
    %f = arith.sitofp %v : i64 to f32
    %c3 = arith.constant 3.0 : f32
    %r = arith.subf %f, %c3 : f32
    linalg.yield %r : f32
  } -> tensor<?x?x?xf32>
  return %r : tensor<?x?x?xf32>
}

func.func @data(%b: index, %r: index, %c: index, %s: index) -> tensor<?x?x?xf32> {
  %e = tensor.empty(%b, %r, %c) : tensor<?x?x?xf32>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %t = call @fill3(%e, %s, %c2, %c1) : (tensor<?x?x?xf32>, index, index, index) -> tensor<?x?x?xf32>
  return %t : tensor<?x?x?xf32>
}

// Prints [max |ref - got|, sum |ref|].
func.func @compare(%ref: tensor<?x?x?xf32>, %got: tensor<?x?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<f32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %acc:2 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> ()>, affine_map<(i, j, k) -> ()>],
                         iterator_types = ["reduction", "reduction", "reduction"]}
      ins(%ref, %got : tensor<?x?x?xf32>, tensor<?x?x?xf32>)
      outs(%z0, %z0 : tensor<f32>, tensor<f32>) {
  ^bb0(%a: f32, %b: f32, %m: f32, %s: f32):
    %d = arith.subf %a, %b : f32
    %ad = math.absf %d : f32
    %mx = arith.maximumf %m, %ad : f32
    %aa = math.absf %a : f32
    %sum = arith.addf %s, %aa : f32
    linalg.yield %mx, %sum : f32, f32
  } -> (tensor<f32>, tensor<f32>)
  %m = tensor.extract %acc#0[] : tensor<f32>
  %s = tensor.extract %acc#1[] : tensor<f32>
  %t = tensor.from_elements %m, %s : tensor<2xf32>
  %u = tensor.cast %t : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @reference(%x: tensor<?x?x?xf32>, %w: tensor<?x?x?xf32>, %c: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %0 = linalg.batch_matmul ins(%x, %w : tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%c : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

func.func @zeros(%b: index, %m: index, %n: index) -> tensor<?x?x?xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty(%b, %m, %n) : tensor<?x?x?xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %z : tensor<?x?x?xf32>
}

// Batched, static shapes, laderman (3x3x3 tiles).
// CHECK: [0,  {{[1-9][0-9]*}}]
func.func @batched_laderman() {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c9 = arith.constant 9 : index
  %c12 = arith.constant 12 : index
  %x = call @data(%c2, %c9, %c12, %c3) : (index, index, index, index) -> tensor<?x?x?xf32>
  %w = call @data(%c2, %c12, %c6, %c5) : (index, index, index, index) -> tensor<?x?x?xf32>
  %z = call @zeros(%c2, %c9, %c6) : (index, index, index) -> tensor<?x?x?xf32>
  %ref = call @reference(%x, %w, %z) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %xs = tensor.cast %x : tensor<?x?x?xf32> to tensor<2x9x12xf32>
  %ws = tensor.cast %w : tensor<?x?x?xf32> to tensor<2x12x6xf32>
  %y = stl.matmul %xs, %ws {scheme = #stl.scheme<"laderman">} : tensor<2x9x12xf32>, tensor<2x12x6xf32> -> tensor<2x9x6xf32>
  %yd = tensor.cast %y : tensor<2x9x6xf32> to tensor<?x?x?xf32>
  call @compare(%ref, %yd) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> ()
  return
}

// Dynamic shapes with accumulation into a non-zero init, strassen-4x4.
// CHECK: [0,  {{[1-9][0-9]*}}]
func.func @dynamic_accumulate() {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c12 = arith.constant 12 : index
  %c16 = arith.constant 16 : index
  %x = call @data(%c1, %c8, %c16, %c4) : (index, index, index, index) -> tensor<?x?x?xf32>
  %w = call @data(%c1, %c16, %c12, %c1) : (index, index, index, index) -> tensor<?x?x?xf32>
  %c = call @data(%c1, %c8, %c12, %c8) : (index, index, index, index) -> tensor<?x?x?xf32>
  %ref = call @reference(%x, %w, %c) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %y = stl.matmul %x, %w into %c {scheme = #stl.scheme<"strassen-4x4">} : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  call @compare(%ref, %y) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> ()
  return
}

// bf16 operands, f32 accumulation; small integers are exact in bf16.
// CHECK: [0,  {{[1-9][0-9]*}}]
func.func @bf16_mixed() {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %c10 = arith.constant 10 : index
  %x = call @data(%c1, %c8, %c10, %c3) : (index, index, index, index) -> tensor<?x?x?xf32>
  %w = call @data(%c1, %c10, %c8, %c2) : (index, index, index, index) -> tensor<?x?x?xf32>
  %z = call @zeros(%c1, %c8, %c8) : (index, index, index) -> tensor<?x?x?xf32>
  %ref = call @reference(%x, %w, %z) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %xs = tensor.cast %x : tensor<?x?x?xf32> to tensor<1x8x10xf32>
  %ws = tensor.cast %w : tensor<?x?x?xf32> to tensor<1x10x8xf32>
  %xb = arith.truncf %xs : tensor<1x8x10xf32> to tensor<1x8x10xbf16>
  %wb = arith.truncf %ws : tensor<1x10x8xf32> to tensor<1x10x8xbf16>
  %y = stl.matmul %xb, %wb acc(f32) {scheme = #stl.scheme<"winograd">} : tensor<1x8x10xbf16>, tensor<1x10x8xbf16> -> tensor<1x8x8xf32>
  %yd = tensor.cast %y : tensor<1x8x8xf32> to tensor<?x?x?xf32>
  call @compare(%ref, %yd) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> ()
  return
}

// Integers end to end: i32 operands with the integer strassen scheme, and
// the stages written out (encode, hadamard, decode) instead of stl.matmul.
// CHECK: [0,  {{[1-9][0-9]*}}]
func.func @int32_stages() {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %c5 = arith.constant 5 : index
  %x = call @data(%c1, %c4, %c6, %c5) : (index, index, index, index) -> tensor<?x?x?xf32>
  %w = call @data(%c1, %c6, %c4, %c4) : (index, index, index, index) -> tensor<?x?x?xf32>
  %z = call @zeros(%c1, %c4, %c4) : (index, index, index) -> tensor<?x?x?xf32>
  %ref = call @reference(%x, %w, %z) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %xs = tensor.cast %x : tensor<?x?x?xf32> to tensor<1x4x6xf32>
  %ws = tensor.cast %w : tensor<?x?x?xf32> to tensor<1x6x4xf32>
  %xi = arith.fptosi %xs : tensor<1x4x6xf32> to tensor<1x4x6xi32>
  %wi = arith.fptosi %ws : tensor<1x6x4xf32> to tensor<1x6x4xi32>
  %xe = stl.encode lhs %xi {scheme = #stl.scheme<"strassen">} : tensor<1x4x6xi32> -> tensor<1x7x2x3xi32>
  %we = stl.encode rhs %wi {scheme = #stl.scheme<"strassen">} : tensor<1x6x4xi32> -> tensor<1x7x3x2xi32>
  %p = stl.hadamard %xe, %we : tensor<1x7x2x3xi32>, tensor<1x7x3x2xi32> -> tensor<1x7x2x2xi32>
  %yi = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<1x7x2x2xi32> -> tensor<1x4x4xi32>
  %y = arith.sitofp %yi : tensor<1x4x4xi32> to tensor<1x4x4xf32>
  %yd = tensor.cast %y : tensor<1x4x4xf32> to tensor<?x?x?xf32>
  call @compare(%ref, %yd) : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> ()
  return
}

func.func @main() {
  call @batched_laderman() : () -> ()
  call @dynamic_accumulate() : () -> ()
  call @bf16_mixed() : () -> ()
  call @int32_stages() : () -> ()
  return
}
