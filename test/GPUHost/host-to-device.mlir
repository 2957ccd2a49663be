// RUN: stl-opt %s --stl-gpu-host-to-device | FileCheck %s

// After bufferization, host functions only allocate, view, copy and launch:
// allocations move to the device and are freed at the end of their block,
// copies become device copies or copy kernels, fills become fill kernels,
// constants are uploaded, and public functions get a C interface.

module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @use(%a: memref<4x8xf32>) kernel { gpu.return }
  }
  memref.global "private" constant @weights : memref<4x8xf32> = dense<1.0>

  // CHECK-LABEL: func.func @host
  //  CHECK-SAME:   %[[IN:.*]]: memref<4x8xf32>, %[[OUT:.*]]: memref<3x8xf32>) attributes {llvm.emit_c_interface}
  //       CHECK:   %[[G:.*]] = memref.get_global @weights
  //       CHECK:   %[[GD:.*]] = gpu.alloc () : memref<4x8xf32>
  //       CHECK:   gpu.memcpy %[[GD]], %[[G]]
  //       CHECK:   gpu.launch_func @k::@use {{.*}} args(%[[GD]] : memref<4x8xf32>)
  //       CHECK:   %[[T:.*]] = gpu.alloc () : memref<4x8xf32>
  //       CHECK:   gpu.launch_func @stl_kernels::@stl_fill {{.*}} args(%[[T]] : memref<4x8xf32>)
  //       CHECK:   gpu.memcpy %[[T]], %[[IN]]
  //       CHECK:   %[[V:.*]] = memref.subview %[[T]][0, 0] [3, 4] [1, 1]
  //       CHECK:   %[[W:.*]] = memref.subview %[[OUT]][0, 0] [3, 4] [1, 1]
  //       CHECK:   gpu.launch_func @stl_kernels::@stl_copy {{.*}} args(%[[V]] : memref<3x4xf32, strided<[8, 1]>>, %[[W]] : memref<3x4xf32, strided<[8, 1]>>)
  //       CHECK:   gpu.dealloc %[[GD]]
  //       CHECK:   gpu.dealloc %[[T]]
  //  CHECK-NEXT:   return
  func.func @host(%in: memref<4x8xf32>, %out: memref<3x8xf32>) {
    %c1 = arith.constant 1 : index
    %g = memref.get_global @weights : memref<4x8xf32>
    gpu.launch_func @k::@use blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%g : memref<4x8xf32>)
    %t = memref.alloc() : memref<4x8xf32>
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%t : memref<4x8xf32>)
    memref.copy %in, %t : memref<4x8xf32> to memref<4x8xf32>
    %v = memref.subview %t[0, 0] [3, 4] [1, 1] : memref<4x8xf32> to memref<3x4xf32, strided<[8, 1]>>
    %w = memref.subview %out[0, 0] [3, 4] [1, 1] : memref<3x8xf32> to memref<3x4xf32, strided<[8, 1]>>
    memref.copy %v, %w : memref<3x4xf32, strided<[8, 1]>> to memref<3x4xf32, strided<[8, 1]>>
    return
  }

  // Private functions keep their ABI; a returned buffer is not freed.
  // CHECK-LABEL: func.func private @returns
  //   CHECK-NOT:   llvm.emit_c_interface
  //       CHECK:   %[[R:.*]] = gpu.alloc () : memref<4xf32>
  //   CHECK-NOT:   gpu.dealloc
  //       CHECK:   return %[[R]]
  func.func private @returns() -> memref<4xf32> {
    %r = memref.alloc() : memref<4xf32>
    return %r : memref<4xf32>
  }
}

// CHECK: gpu.module @stl_kernels
// CHECK:   gpu.func @stl_fill(%{{.*}}: memref<4x8xf32>) kernel
// CHECK:     memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<4x8xf32>
// CHECK:   gpu.func @stl_copy(%{{.*}}: memref<3x4xf32, strided<[8, 1]>>, %{{.*}}: memref<3x4xf32, strided<[8, 1]>>) kernel
