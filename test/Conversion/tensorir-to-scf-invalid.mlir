// RUN: relax-opt %s --convert-tensorir-to-scf -verify-diagnostics

tensorir.prim_func @gpu_only(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.for' op is bound to GPU thread threadIdx.x, which a CPU target cannot run}}
  tensorir.for %t = %c0 to %c4 thread_binding("threadIdx.x") {
  }
}
