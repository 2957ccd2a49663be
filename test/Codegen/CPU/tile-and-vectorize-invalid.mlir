// RUN: not stl-opt %s \
// RUN:   --pass-pipeline='builtin.module(func.func(stl-cpu-tile-and-vectorize{register-tile=8,16}))' \
// RUN:   2>&1 | FileCheck %s

// CHECK: error: stl-cpu-tile-and-vectorize: cache-tile and register-tile take three sizes (M, N, K)
func.func @f() {
  return
}
