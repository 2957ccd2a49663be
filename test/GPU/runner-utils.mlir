// libstl_runner_utils.so must print exactly like MLIR's runner utils: GPU
// test programs are linked with it on a machine without MLIR and their output
// is compared with the CPU path's (mlir-runner). Only addresses may differ.
//
// REQUIRES: stl-runtime, host-cxx
// RUN: mlir-opt %s --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:   --expand-strided-metadata --finalize-memref-to-llvm \
// RUN:   --convert-arith-to-llvm --convert-func-to-llvm \
// RUN:   --reconcile-unrealized-casts -o %t.llvm.mlir
// RUN: mlir-runner %t.llvm.mlir -e run -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils \
// RUN:   | sed -e 's/base@ = 0x[0-9a-f]*/base@ = ADDR/' > %t.upstream
// RUN: mlir-translate --mlir-to-llvmir %t.llvm.mlir -o %t.ll
// RUN: llc -filetype=obj -relocation-model=pic %t.ll -o %t.o
// RUN: %host_cxx %t.o -o %t.exe -L%stl_runtime_dir -lstl_runner_utils \
// RUN:   -Wl,-rpath,%stl_runtime_dir
// RUN: %t.exe | sed -e 's/base@ = 0x[0-9a-f]*/base@ = ADDR/' > %t.ours
// RUN: diff %t.upstream %t.ours
// RUN: FileCheck %s < %t.ours

func.func private @printMemrefF32(memref<*xf32>)
func.func private @printMemrefI32(memref<*xi32>)
func.func private @printMemrefF64(memref<*xf64>)
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}
func.func private @printMemrefF16(memref<*xf16>) attributes {llvm.emit_c_interface}
func.func private @printMemrefBF16(memref<*xbf16>) attributes {llvm.emit_c_interface}
func.func private @printF32(f32)
func.func private @printF64(f64)
func.func private @printI64(i64)
func.func private @printNewline()
func.func private @printComma()
func.func private @printOpen()
func.func private @printClose()

// CHECK: Unranked Memref base@ = ADDR rank = 2 offset = 0 sizes = [4, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[}}[1.5,   -0.25,   1e-07],
// CHECK-NEXT:  [1.23457e+08,   0,   -3],
// CHECK:  [4,   5,   6]]
// CHECK: rank = 3
// CHECK-NEXT: {{\[}}{{\[}}[1,    2],
// CHECK-NEXT:   [3,    4]],
// CHECK: rank = 1 offset = 0 sizes = [4] strides = [1] data =
// CHECK-NEXT: [0.1,  2,  1e+20,  -7.5]
// CHECK: sizes = [2, 2] strides = [2, 1] data =
// CHECK-NEXT: {{\[}}[0.5,   -1.25],
// CHECK-NEXT:  [65504,   5.96046e-08]]
// CHECK: rank = 2 offset = 4 sizes = [3, 2] strides = [3, 1] data =
// CHECK: rank = 2 offset = 0 sizes = [2, 2] strides = [6, 2] data =
// CHECK-NEXT: {{\[}}[1.5,   1e-07],
// CHECK: rank = 0 offset = 0 sizes = [] strides = [] data =
// CHECK-NEXT: [2.5]
// CHECK-NEXT: ( 2.5, 1e-30, -42 )
func.func @run() {
  %a = arith.constant dense<[[1.5, -0.25, 1.0e-7], [123456789.0, 0.0, -3.0],
                             [0.1, 0.2, 0.3], [4.0, 5.0, 6.0]]> : tensor<4x3xf32>
  %m = bufferization.to_buffer %a : tensor<4x3xf32> to memref<4x3xf32>
  %u = memref.cast %m : memref<4x3xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  %b = arith.constant dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]],
                             [[-9, 10], [11, 12]]]> : tensor<3x2x2xi32>
  %mb = bufferization.to_buffer %b : tensor<3x2x2xi32> to memref<3x2x2xi32>
  %ub = memref.cast %mb : memref<3x2x2xi32> to memref<*xi32>
  call @printMemrefI32(%ub) : (memref<*xi32>) -> ()
  %b2 = arith.constant dense<[[1, -2, 3]]> : tensor<1x3xi64>
  %mb2 = bufferization.to_buffer %b2 : tensor<1x3xi64> to memref<1x3xi64>
  %ub2 = memref.cast %mb2 : memref<1x3xi64> to memref<*xi64>
  call @printMemrefI64(%ub2) : (memref<*xi64>) -> ()
  %c = arith.constant dense<[0.1, 2.0, 1.0e20, -7.5]> : tensor<4xf64>
  %mc = bufferization.to_buffer %c : tensor<4xf64> to memref<4xf64>
  %uc = memref.cast %mc : memref<4xf64> to memref<*xf64>
  call @printMemrefF64(%uc) : (memref<*xf64>) -> ()
  %h = arith.constant dense<[[0.5, -1.25], [65504.0, 6.0e-8]]> : tensor<2x2xf16>
  %mh = bufferization.to_buffer %h : tensor<2x2xf16> to memref<2x2xf16>
  %uh = memref.cast %mh : memref<2x2xf16> to memref<*xf16>
  call @printMemrefF16(%uh) : (memref<*xf16>) -> ()
  %g = arith.constant dense<[[0.5, -1.25, 3.0e38]]> : tensor<1x3xbf16>
  %mg = bufferization.to_buffer %g : tensor<1x3xbf16> to memref<1x3xbf16>
  %ug = memref.cast %mg : memref<1x3xbf16> to memref<*xbf16>
  call @printMemrefBF16(%ug) : (memref<*xbf16>) -> ()
  %s = memref.subview %m[1, 1] [3, 2] [1, 1]
      : memref<4x3xf32> to memref<3x2xf32, strided<[3, 1], offset: 4>>
  %us = memref.cast %s
      : memref<3x2xf32, strided<[3, 1], offset: 4>> to memref<*xf32>
  call @printMemrefF32(%us) : (memref<*xf32>) -> ()
  %t = memref.subview %m[0, 0] [2, 2] [2, 2]
      : memref<4x3xf32> to memref<2x2xf32, strided<[6, 2]>>
  %ut = memref.cast %t : memref<2x2xf32, strided<[6, 2]>> to memref<*xf32>
  call @printMemrefF32(%ut) : (memref<*xf32>) -> ()
  %e = memref.alloc() : memref<f32>
  %f = arith.constant 2.5 : f32
  memref.store %f, %e[] : memref<f32>
  %ue = memref.cast %e : memref<f32> to memref<*xf32>
  call @printMemrefF32(%ue) : (memref<*xf32>) -> ()
  memref.dealloc %e : memref<f32>
  call @printOpen() : () -> ()
  call @printF32(%f) : (f32) -> ()
  call @printComma() : () -> ()
  %d = arith.constant 1.0e-30 : f64
  call @printF64(%d) : (f64) -> ()
  call @printComma() : () -> ()
  %i = arith.constant -42 : i64
  call @printI64(%i) : (i64) -> ()
  call @printClose() : () -> ()
  call @printNewline() : () -> ()
  return
}

// The native program's entry point (mlir-runner calls @run directly).
func.func @main() -> i32 {
  call @run() : () -> ()
  %zero = arith.constant 0 : i32
  return %zero : i32
}
