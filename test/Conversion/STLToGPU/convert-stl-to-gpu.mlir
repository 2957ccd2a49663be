// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_80 --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse | FileCheck %s

// Host side: every stl op becomes a launch between to_buffer / to_tensor.
// The pad of X (M = 63 is not a multiple of m = 2) is read through bounds
// checks in the encode kernel, the pads of the encoded operands to the block
// tile are written by the encode kernels, the slice of the products is read
// in place by the decode kernel, and the slice of Y is its output shape.

// CHECK-LABEL: func.func @chain
//  CHECK-SAME:   %[[X:.*]]: tensor<63x30xf16>, %[[W:.*]]: tensor<30x18xf16>
//   CHECK-NOT:   tensor.pad
//       CHECK:   %[[XB:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<63x30xf16> to memref<63x30xf16>
//       CHECK:   %[[XV:.*]] = memref.expand_shape %[[XB]] {{\[\[}}0, 1], [2]] output_shape [1, 63, 30]
//       CHECK:   %[[XE:.*]] = memref.alloc() : memref<7x32x32xf16>
//       CHECK:   %[[XEV:.*]] = memref.expand_shape %[[XE]]
//       CHECK:   gpu.launch_func @stl_kernels::@stl_encode_lhs {{.*}} args(%[[XV]] : memref<1x63x30xf16>, %[[XEV]] : memref<1x7x32x32xf16>)
//       CHECK:   %[[WE:.*]] = memref.alloc() : memref<7x32x32xf16>
//       CHECK:   gpu.launch_func @stl_kernels::@stl_encode_rhs
//       CHECK:   %[[P:.*]] = memref.alloc() : memref<7x32x32xf32>
//       CHECK:   gpu.launch_func @stl_kernels::@stl_hadamard_sm80 blocks in (%{{.*}}, %{{.*}}, %[[C7:.*]]) threads in (%[[C32:.*]], %{{.*}}, %{{.*}}) dynamic_shared_memory_size %{{.*}} args(%[[XE]] : memref<7x32x32xf16>, %[[WE]] : memref<7x32x32xf16>, %[[P]] : memref<7x32x32xf32>)
//       CHECK:   %[[Y:.*]] = memref.alloc() : memref<63x18xf32>
//       CHECK:   gpu.launch_func @stl_kernels::@stl_decode {{.*}} args(%{{.*}} : memref<1x7x32x32xf32>, %{{.*}} : memref<1x63x18xf32>)
//       CHECK:   %[[T:.*]] = bufferization.to_tensor %[[Y]] restrict writable
//       CHECK:   return %[[T]]
//   CHECK-NOT:   stl.

// Kernels.
//       CHECK: gpu.module @stl_kernels
//       CHECK:   gpu.func @stl_encode_lhs(%{{.*}}: memref<1x63x30xf16>, %{{.*}}: memref<1x7x32x32xf16>) kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// Row 63 of the padded X, and the tiles of the padding to the block tile,
// read as zero. A thread encodes 4 neighbouring tiles (4 x 2 f16 per tile
// row: one 16-byte load) and stores Strassen's 7 products of each.
//       CHECK:     memref.assume_alignment %{{.*}}, 16
//       CHECK:     arith.cmpi ult, %{{.*}}, %c63
//       CHECK:     scf.if
//       CHECK:       memref.load
//       CHECK:     } else {
//   CHECK-COUNT-28: memref.store {{.*}} : memref<1x7x32x32xf16>
//   CHECK-NOT: memref.store
//       CHECK:   gpu.func @stl_encode_rhs
//       CHECK:   gpu.func @stl_hadamard_sm80(%{{.*}}: memref<7x32x32xf16>, %{{.*}}: memref<7x32x32xf16>, %{{.*}}: memref<7x32x32xf32>) kernel attributes {known_block_size = array<i32: 32, 1, 1>}
//       CHECK:     gpu.lane_id
//       CHECK:     gpu.dynamic_shared_memory
//       CHECK:     nvgpu.device_async_copy {{.*}} 8 {bypassL1}
//       CHECK:     nvgpu.ldmatrix {{.*}} {numTiles = 4 : i32, transpose = false}
//       CHECK:     nvgpu.ldmatrix {{.*}} {numTiles = 4 : i32, transpose = true}
//       CHECK:     nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
//       CHECK:     vector.store {{.*}} : memref<7x32x32xf32>, vector<2xf32>
//       CHECK:   gpu.func @stl_decode(%{{.*}}: memref<1x7x32x32xf32>, %{{.*}}: memref<1x63x18xf32>)
// Only 9 of the 32 product columns hold data.
//       CHECK:     arith.cmpi ult, %{{.*}}, %c9
func.func @chain(%x: tensor<63x30xf16>, %w: tensor<30x18xf16>) -> tensor<63x18xf32> {
  %cst = arith.constant 0.0 : f16
  %xp = tensor.pad %x low[0, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %cst : f16
  } : tensor<63x30xf16> to tensor<64x30xf16>
  %xe = stl.encode lhs %xp {scheme = #stl.scheme<"strassen">} : tensor<64x30xf16> -> tensor<7x32x15xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : tensor<30x18xf16> -> tensor<7x15x9xf16>
  %p = stl.hadamard %xe, %we : tensor<7x32x15xf16>, tensor<7x15x9xf16> -> tensor<7x32x9xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x32x9xf32> -> tensor<64x18xf32>
  %s = tensor.extract_slice %y[0, 0] [63, 18] [1, 1] : tensor<64x18xf32> to tensor<63x18xf32>
  return %s : tensor<63x18xf32>
}

// -----

// The main loop over k-tiles (inner = 64 = 2 x BK) keeps S-1 = 3 cp.async
// groups in flight and refills the slot of k-tile kt-1 after the barrier.
// CHECK-LABEL: gpu.func @stl_hadamard_sm80(%arg0: memref<3x64x64xf16>
//       CHECK:   nvgpu.device_async_create_group
//       CHECK:   nvgpu.device_async_create_group
//       CHECK:   %[[G:.*]] = nvgpu.device_async_create_group
//       CHECK:   scf.for %[[KT:.*]] = %c0 to %c2 step %c1 iter_args({{.*}}, %[[TOK:.*]] = %[[G]]) -> (vector<2x2xf32>, {{.*}}, !nvgpu.device.async.token)
//       CHECK:     nvgpu.device_async_wait %[[TOK]] {numGroups = 2 : i32}
//       CHECK:     gpu.barrier
//       CHECK:     %[[NEXT:.*]] = arith.addi %[[KT]], %c3
//       CHECK:     %[[MORE:.*]] = arith.cmpi ult, %[[NEXT]], %c2
//       CHECK:     scf.if %[[MORE]] {
//       CHECK:       nvgpu.device_async_copy
//       CHECK:     %[[NT:.*]] = nvgpu.device_async_create_group
//       CHECK:     nvgpu.mma.sync
//       CHECK:     scf.yield {{.*}}, %[[NT]]
// bf16 goes through nvvm.mma.sync on packed registers.
//       CHECK:   nvvm.mma.sync
//  CHECK-SAME:     multiplicandAPtxType = #nvvm.mma_type<bf16>
func.func @loop(%a: tensor<3x64x64xf16>, %b: tensor<3x64x32xf16>, %c: tensor<3x64x64xbf16>, %d: tensor<3x64x32xbf16>) -> (tensor<3x64x32xf32>, tensor<3x64x32xbf16>) {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 32, 32], warp_layout = [1, 1], stages = 4, mma_shape = [16, 8, 16]>} : tensor<3x64x64xf16>, tensor<3x64x32xf16> -> tensor<3x64x32xf32>
  %q = stl.hadamard %c, %d {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 32, 32], warp_layout = [1, 1], stages = 4, mma_shape = [16, 8, 16]>} : tensor<3x64x64xbf16>, tensor<3x64x32xbf16> -> tensor<3x64x32xbf16>
  return %p, %q : tensor<3x64x32xf32>, tensor<3x64x32xbf16>
}

// -----

// A decode with an init adds it; batch dimensions fold into the grid's z.
// CHECK-LABEL: func.func @decode_into
//       CHECK:   gpu.launch_func @stl_kernels::@stl_decode blocks in (%{{.*}}, %{{.*}}, %[[C2:.*]]) {{.*}} args(%{{.*}} : memref<2x7x4x3xf32>, %{{.*}} : memref<2x8x6xf16>, %{{.*}} : memref<2x8x6xf16>)
//       CHECK: gpu.func @stl_decode
//       CHECK:   %[[I:.*]] = memref.load %{{.*}} : memref<2x8x6xf16>
//       CHECK:   arith.extf %[[I]] : f16 to f32
//       CHECK:   arith.truncf {{.*}} : f32 to f16
func.func @decode_into(%p: tensor<2x7x4x3xf32>, %c: tensor<2x8x6xf16>) -> tensor<2x8x6xf16> {
  %y = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : tensor<2x7x4x3xf32>, tensor<2x8x6xf16> -> tensor<2x8x6xf16>
  return %y : tensor<2x8x6xf16>
}
