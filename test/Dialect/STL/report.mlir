// RUN: stl-opt %s --stl-report -o /dev/null | FileCheck %s
// RUN: stl-opt %s --stl-report=format=json -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: not stl-opt %s --stl-report=format=xml -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: STL report: 2 product(s)
// CHECK:   @square strassen-4x4 <4,4,4;49> 64x64x64: multiplies 262144 -> 200704 (x1.306)
// A product padded from 7x5x3 to 8x6x4: the original count is 7*5*3 = 105,
// the STL count 7 * 4*3*2 = 168 (padding costs more than Strassen saves).
// CHECK:   @padded strassen <2,2,2;7> 7x3x5: multiplies 105 -> 168 (x0.625)
// CHECK: total multiplies: 262249 -> 200872

// JSON: "multiplies_original": 262249
// JSON: "multiplies_stl": 200872
// BAD: for the --format option: Cannot find option named 'xml'!

func.func @square(%x: tensor<64x64xf32>, %w: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen-4x4">} : tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

func.func @padded(%x: tensor<7x3xf32>, %w: tensor<3x5xf32>) -> tensor<7x5xf32> {
  %f = arith.constant 0.0 : f32
  %xp = tensor.pad %x low[0, 0] high[1, 1] { ^bb0(%i: index, %j: index): tensor.yield %f : f32 } : tensor<7x3xf32> to tensor<8x4xf32>
  %wp = tensor.pad %w low[0, 0] high[1, 1] { ^bb0(%i: index, %j: index): tensor.yield %f : f32 } : tensor<3x5xf32> to tensor<4x6xf32>
  %0 = stl.matmul %xp, %wp {scheme = #stl.scheme<"strassen">} : tensor<8x4xf32>, tensor<4x6xf32> -> tensor<8x6xf32>
  %1 = tensor.extract_slice %0[0, 0] [7, 5] [1, 1] : tensor<8x6xf32> to tensor<7x5xf32>
  return %1 : tensor<7x5xf32>
}
