// RUN: relax-opt %s '--relax-dead-code-elimination=entry-functions=kept' | FileCheck %s
// RUN: not relax-opt %s '--relax-dead-code-elimination=entry-functions=nothere' 2>&1 | FileCheck %s --check-prefix=MISSING

// A private function named as an entry stays private, with what it calls.
// CHECK-LABEL: relax.function private @kept(
// CHECK: relax.function private @callee(
// CHECK-NOT: @dropped
// MISSING: error: DeadCodeElimination: no function named 'nothere' to keep
relax.function private @kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.call @callee(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}
relax.function private @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}
relax.function private @dropped(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}
