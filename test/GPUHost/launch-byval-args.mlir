// RUN: stl-opt %s --stl-gpu-launch-byval-args --split-input-file -verify-diagnostics | FileCheck %s

// A by-value parameter: the LLVM kernel's argument gets byval, align and
// grid_constant; the launch passes the value, loaded from the host pointer.

// CHECK-LABEL: gpu.module @kernels
//       CHECK:   llvm.func @k(%{{.*}}: !llvm.ptr {llvm.align = 64 : i64, llvm.byval = !llvm.array<16 x i64>, nvvm.grid_constant}, %{{.*}}: !llvm.ptr)
//   CHECK-NOT:   stl.by_value_args
// CHECK-LABEL: llvm.func @host(
//  CHECK-SAME:     %[[MAP:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr
//       CHECK:   %[[VALUE:.*]] = llvm.load %[[MAP]] : !llvm.ptr -> !llvm.array<16 x i64>
//       CHECK:   gpu.launch_func @kernels::@k {{.*}} args(%[[VALUE]] : !llvm.array<16 x i64>, %[[OUT]] : !llvm.ptr)
module attributes {gpu.container_module} {
  gpu.module @kernels {
    llvm.func @k(%map: !llvm.ptr, %out: !llvm.ptr) attributes {gpu.kernel, nvvm.kernel, stl.by_value_args = [[0 : i64, !llvm.array<16 x i64>, 64 : i64]]} {
      llvm.return
    }
  }
  llvm.func @host(%map: !llvm.ptr, %out: !llvm.ptr) {
    %c1 = llvm.mlir.constant(1 : index) : i64
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%map : !llvm.ptr, %out : !llvm.ptr)
    llvm.return
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error@+1 {{malformed stl.by_value_args entry [1, !llvm.array<16 x i64>, 64]: expected [pointer argument index, type, alignment]}}
    llvm.func @k(%map: !llvm.ptr, %n: i64) attributes {gpu.kernel, nvvm.kernel, stl.by_value_args = [[1 : i64, !llvm.array<16 x i64>, 64 : i64]]} {
      llvm.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    llvm.func @k(%map: !llvm.ptr) attributes {gpu.kernel, nvvm.kernel, stl.by_value_args = [[0 : i64, !llvm.array<16 x i64>, 64 : i64]]} {
      llvm.return
    }
  }
  llvm.func @host(%v: i64) {
    %c1 = llvm.mlir.constant(1 : index) : i64
    // expected-error@+1 {{operand 0 of type 'i64' for a by-value kernel parameter of type '!llvm.array<16 x i64>' must be a pointer to it}}
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%v : i64)
    llvm.return
  }
}
