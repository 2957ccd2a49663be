// RUN: stl-opt %s --split-input-file --stl-cpu-vectorize-encodings=vector-width=4 --canonicalize --cse | FileCheck %s
// RUN: not stl-opt %s --split-input-file --stl-cpu-vectorize-encodings=vector-width=0 2>&1 | FileCheck %s --check-prefix=WIDTH
// WIDTH: stl-cpu-vectorize-encodings: vector-width must be at least 1

// A Strassen lhs encode: in parallel over the tile rows, strips of 4 tiles
// load two rows of 8 elements from the input's buffer, shuffle out the 4
// phases and store the 7 coefficient vectors (adds and subtracts only) into
// a new buffer; then single tiles. The buffer is the result.
// CHECK-LABEL: func @encode
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?xf32>
//       CHECK:   %[[XB:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
//       CHECK:   %[[OUT:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<7x?x?xf32>
//       CHECK:   scf.parallel (%[[I:.*]]) = {{.*}} {
//       CHECK:     scf.for %[[J:.*]] = %{{.*}} step %c4 {
//       CHECK:       %[[R0:.*]] = vector.load %[[XB]][%{{.*}}, %{{.*}}] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
//       CHECK:       %[[X00:.*]] = vector.shuffle %[[R0]], %[[R0]] [0, 2, 4, 6]
//       CHECK:       %[[X01:.*]] = vector.shuffle %[[R0]], %[[R0]] [1, 3, 5, 7]
//       CHECK:       %[[R1:.*]] = vector.load %[[XB]]
//       CHECK:       %[[X10:.*]] = vector.shuffle %[[R1]], %[[R1]] [0, 2, 4, 6]
//       CHECK:       %[[X11:.*]] = vector.shuffle %[[R1]], %[[R1]] [1, 3, 5, 7]
//       CHECK:       %[[S0:.*]] = arith.addf %[[X00]], %[[X11]] : vector<4xf32>
//       CHECK:       vector.store %[[S0]], %[[OUT]][%c0, %[[I]], %[[J]]] : memref<7x?x?xf32>, vector<4xf32>
//   CHECK-NOT:       arith.mulf
//       CHECK:       %[[S6:.*]] = arith.subf %[[X01]], %[[X11]] : vector<4xf32>
//       CHECK:       vector.store %[[S6]], %[[OUT]][%c6, %[[I]], %[[J]]]
//       CHECK:     scf.for %{{.*}} step %c1 {
//       CHECK:       vector.load %[[XB]]{{.*}} vector<2xf32>
//       CHECK:       vector.store {{.*}} : memref<7x?x?xf32>, vector<1xf32>
//       CHECK:   %[[R:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
//       CHECK:   return %[[R]]
func.func @encode(%x: tensor<?x?xf32>) -> tensor<7x?x?xf32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<?x?xf32> -> tensor<7x?x?xf32>
  return %0 : tensor<7x?x?xf32>
}

// -----

// A decode with a bf16 init: per strip, the 7 product vectors, then for
// each tile row the init row split into its phases (widened to f32), the
// decoder's sums added to it, interleaved back and rounded once into the
// new buffer (the init is read, not written).
// CHECK-LABEL: func @decode_into
//  CHECK-SAME:   %[[P:[^:]*]]: tensor<7x?x?xf32>, %[[C:[^:]*]]: tensor<?x?xbf16>
//       CHECK:   %[[PB:.*]] = bufferization.to_buffer %[[P]] read_only
//       CHECK:   %[[CB:.*]] = bufferization.to_buffer %[[C]] read_only
//       CHECK:   %[[OUT:.*]] = memref.alloc({{.*}}) {alignment = 64 : i64} : memref<?x?xbf16>
//       CHECK:     scf.for %{{.*}} step %c4 {
//       CHECK:       %[[P0:.*]] = vector.load %[[PB]][%c0, {{.*}} vector<4xf32>
//       CHECK:       %[[ROW:.*]] = vector.load %[[CB]][{{.*}} vector<8xbf16>
//       CHECK:       %[[ROW32:.*]] = arith.extf %[[ROW]] : vector<8xbf16> to vector<8xf32>
//       CHECK:       %[[C00:.*]] = vector.shuffle %[[ROW32]], %[[ROW32]] [0, 2, 4, 6]
//       CHECK:       arith.addf %[[C00]], %[[P0]] : vector<4xf32>
//       CHECK:       %[[CAT:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xf32>, vector<4xf32>
//       CHECK:       %[[ROWOUT:.*]] = vector.shuffle %[[CAT]], %[[CAT]] [0, 4, 1, 5, 2, 6, 3, 7]
//       CHECK:       %[[ROW16:.*]] = arith.truncf %[[ROWOUT]] : vector<8xf32> to vector<8xbf16>
//       CHECK:       vector.store %[[ROW16]], %[[OUT]]
//   CHECK-NOT:   stl.decode
func.func @decode_into(%p: tensor<7x?x?xf32>, %c: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %0 = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : tensor<7x?x?xf32>, tensor<?x?xbf16> -> tensor<?x?xbf16>
  return %0 : tensor<?x?xbf16>
}

// -----

// Batch dimensions are parallel loops too; a 3x3 tile reads three rows of
// 3 * 4.
// The 23 coefficient planes are stored in three passes over each tile row
// (at most 8 planes per pass).
// CHECK-LABEL: func @encode_batched
//       CHECK:   scf.parallel (%{{.*}}, %{{.*}}) =
//       CHECK:       scf.for {{.*}} step %c4
//       CHECK:         vector.load {{.*}} : memref<2x?x?xi32, strided<[?, ?, 1], offset: ?>>, vector<12xi32>
//       CHECK:         vector.shuffle {{.*}} [0, 3, 6, 9]
//       CHECK:         vector.store {{.*}} : memref<2x23x?x?xi32>, vector<4xi32>
//   CHECK-NOT:         vector.store {{.*}}[%{{.*}}, %c8, %{{.*}}, %{{.*}}]
//       CHECK:       scf.for {{.*}} step %c1
//       CHECK:       scf.for {{.*}} step %c4
//       CHECK:         vector.store {{.*}}[%{{.*}}, %c8, %{{.*}}, %{{.*}}]
func.func @encode_batched(%x: tensor<2x?x?xi32>) -> tensor<2x23x?x?xi32> {
  %0 = stl.encode rhs %x {scheme = #stl.scheme<"laderman">} : tensor<2x?x?xi32> -> tensor<2x23x?x?xi32>
  return %0 : tensor<2x23x?x?xi32>
}
