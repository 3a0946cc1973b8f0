// FoldConstant's interpreter stops at its budget of work (4 x max-elements
// units a call, each op and each loop step one) and leaves the call to run
// time: an empty loop of 2^62 steps used to spin for hours, a buffer of 2^62
// elements to abort allocating it.
// RUN: relax-opt %s --relax-fold-constant=max-elements=1024 | FileCheck %s

// CHECK-LABEL: relax.function @too_much_work
// CHECK: relax.call_tir @spin
// CHECK: relax.call_tir @huge_buffer
// CHECK-NOT: relax.call_tir
// CHECK: relax.return
relax.function @too_much_work() -> tensor<2xf32> {
  %c = relax.constant dense<1.0> : tensor<2xf32>
  %0 = relax.call_tir @spin(%c) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = relax.call_tir @huge_buffer(%0) : (tensor<2xf32>) -> tensor<2xf32>
  // Within the budget: folded.
  %2 = relax.call_tir @small(%c) : (tensor<2xf32>) -> tensor<2xf32>
  %3 = relax.call_tir @small(%2) : (tensor<2xf32>) -> tensor<2xf32>
  relax.return %3 : tensor<2xf32>
}
tensorir.prim_func private @spin(%a: memref<2xf32>, %b: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %big = arith.constant 4611686018427387904 : index
  tensorir.for %i = %c0 to %big {
  }
}
tensorir.prim_func private @huge_buffer(%a: memref<2xf32>, %b: memref<2xf32>) {
  %t = tensorir.alloc_buffer : memref<4611686018427387904xf32>
}
tensorir.prim_func private @small(%a: memref<2xf32>, %b: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  tensorir.for %i = %c0 to %c2 {
    tensorir.block "copy"(%vi) = (%i) in (%c2) kinds "S" reads(%a[%vi] : memref<2xf32>) writes(%b[%vi] : memref<2xf32>) {
      %x = tensorir.load %a[%vi] : memref<2xf32>
      tensorir.store %x, %b[%vi] : memref<2xf32>
    }
  }
}
