// --stl-gpu-async-library-calls: a library call created on a stream of its
// own (hadamard-backend=cublas) moves onto the stream of the async chain
// that gpu-async-region built around it.
// RUN: stl-opt %s --split-input-file --stl-gpu-async-library-calls | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @kernel() kernel { gpu.return }
  }
  func.func private @mgpuStreamCreate() -> !llvm.ptr
  func.func private @mgpuStreamSynchronize(!llvm.ptr)
  func.func private @mgpuStreamDestroy(!llvm.ptr)
  func.func private @lib(i64, !llvm.ptr) -> i32

  // The wait before the call and the call's own stream go; the call gets
  // the chain's stream, and the chain restarted after it continues from
  // the same token: one stream, no host synchronization until the end.
  // CHECK-LABEL: func @chained
  //       CHECK:   %[[T0:.*]] = gpu.wait async
  //       CHECK:   %[[T1:.*]] = gpu.launch_func async [%[[T0]]] @k::@kernel
  //   CHECK-NOT:   gpu.wait
  //   CHECK-NOT:   mgpuStream
  //       CHECK:   %[[S:.*]] = builtin.unrealized_conversion_cast %[[T1]] : !gpu.async.token to !llvm.ptr
  //       CHECK:   %[[R:.*]] = call @lib(%{{.*}}, %[[S]]) : (i64, !llvm.ptr) -> i32
  //   CHECK-NOT:   stl.stream_operand
  //   CHECK-NOT:   mgpuStream
  //       CHECK:   cf.assert
  //   CHECK-NOT:   gpu.wait
  //       CHECK:   %[[T3:.*]] = gpu.launch_func async [%[[T1]]] @k::@kernel
  //       CHECK:   gpu.wait [%[[T3]]]
  //  CHECK-NEXT:   return
  func.func @chained() {
    %c1 = arith.constant 1 : index
    %c0 = arith.constant 0 : i64
    %c0_i32 = arith.constant 0 : i32
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @k::@kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    %s = func.call @mgpuStreamCreate() : () -> !llvm.ptr
    %r = func.call @lib(%c0, %s) {stl.stream_operand = 1 : i64} : (i64, !llvm.ptr) -> i32
    func.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
    func.call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
    %ok = arith.cmpi eq, %r, %c0_i32 : i32
    cf.assert %ok, "the library call failed"
    %t2 = gpu.wait async
    %t3 = gpu.launch_func async [%t2] @k::@kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t3]
    return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @kernel() kernel { gpu.return }
  }
  func.func private @mgpuStreamCreate() -> !llvm.ptr
  func.func private @mgpuStreamSynchronize(!llvm.ptr)
  func.func private @mgpuStreamDestroy(!llvm.ptr)
  func.func private @lib(i64, !llvm.ptr) -> i32
  func.func private @host()

  // A host call after the library call may read what it wrote: the host
  // waits for the chain right after the library call.
  // CHECK-LABEL: func @host_after
  //       CHECK:   %[[T1:.*]] = gpu.launch_func async
  //  CHECK-NEXT:   %[[S:.*]] = builtin.unrealized_conversion_cast %[[T1]] : !gpu.async.token to !llvm.ptr
  //  CHECK-NEXT:   call @lib(%{{.*}}, %[[S]])
  //  CHECK-NEXT:   gpu.wait [%[[T1]]]
  //  CHECK-NEXT:   call @host()
  //   CHECK-NOT:   mgpuStream
  func.func @host_after() {
    %c1 = arith.constant 1 : index
    %c0 = arith.constant 0 : i64
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @k::@kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    %s = func.call @mgpuStreamCreate() : () -> !llvm.ptr
    %r = func.call @lib(%c0, %s) {stl.stream_operand = 1 : i64} : (i64, !llvm.ptr) -> i32
    func.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
    func.call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
    func.call @host() : () -> ()
    return
  }

  // No GPU work in flight before the call (the host waited before a host
  // op): the call keeps its own stream, synchronized right after it.
  // CHECK-LABEL: func @no_chain
  //       CHECK:   %[[S:.*]] = call @mgpuStreamCreate()
  //       CHECK:   call @lib(%{{.*}}, %[[S]]) {stl.stream_operand = 1 : i64}
  //  CHECK-NEXT:   call @mgpuStreamSynchronize(%[[S]])
  func.func @no_chain() {
    %c0 = arith.constant 0 : i64
    func.call @host() : () -> ()
    %s = func.call @mgpuStreamCreate() : () -> !llvm.ptr
    %r = func.call @lib(%c0, %s) {stl.stream_operand = 1 : i64} : (i64, !llvm.ptr) -> i32
    func.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
    func.call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
    return
  }

  // A stream the call does not own (used after the call by something else)
  // is left alone.
  // CHECK-LABEL: func @shared_stream
  //       CHECK:   %[[S:.*]] = call @mgpuStreamCreate()
  //       CHECK:   call @lib(%{{.*}}, %[[S]]) {stl.stream_operand = 1 : i64}
  //       CHECK:   call @host()
  //       CHECK:   call @mgpuStreamSynchronize(%[[S]])
  func.func @shared_stream() {
    %c0 = arith.constant 0 : i64
    %s = func.call @mgpuStreamCreate() : () -> !llvm.ptr
    %r = func.call @lib(%c0, %s) {stl.stream_operand = 1 : i64} : (i64, !llvm.ptr) -> i32
    %r2 = func.call @lib(%c0, %s) : (i64, !llvm.ptr) -> i32
    func.call @host() : () -> ()
    func.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
    func.call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
    return
  }
}
