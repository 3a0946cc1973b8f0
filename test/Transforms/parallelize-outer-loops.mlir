// RUN: relax-opt %s --tensorir-parallelize-outer-loops=min-iterations=100 | FileCheck %s

// 4 x 64 = 256 iterations, the outer loop indexes the output: parallel.
// CHECK-LABEL: tensorir.prim_func private @rows
// CHECK: tensorir.for %{{.*}} = %c0 to %c4 parallel {
// CHECK-NEXT: tensorir.for %{{.*}} = %c0 to %c64 {
tensorir.prim_func private @rows(%a: memref<4x64xf32>, %out: memref<4x64xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %j = %c0 to %c64 {
      tensorir.block "copy"(%vi, %vj) = (%i, %j) in (%c4, %c64) kinds "SS" reads(%a[%vi, %vj] : memref<4x64xf32>) writes(%out[%vi, %vj] : memref<4x64xf32>) {
        %x = tensorir.load %a[%vi, %vj] : memref<4x64xf32>
        tensorir.store %x, %out[%vi, %vj] : memref<4x64xf32>
      }
    }
  }
}

// The outer loop is the reduction: every iteration writes the same element.
// CHECK-LABEL: tensorir.prim_func private @total
// CHECK: tensorir.for %{{.*}} = %c0 to %c256 {
tensorir.prim_func private @total(%a: memref<256xf32>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c256 = arith.constant 256 : index
  tensorir.for %k = %c0 to %c256 {
    tensorir.block "total"(%vk) = (%k) in (%c256) kinds "R" reads(%a[%vk] : memref<256xf32>) writes(%out[] : memref<f32>) {
      %acc = tensorir.load %out[] : memref<f32>
      %x = tensorir.load %a[%vk] : memref<256xf32>
      %s = arith.addf %acc, %x : f32
      tensorir.store %s, %out[] : memref<f32>
    }
  }
}

// Too few iterations to pay for threads (4 x 8 < 100): serial.
// CHECK-LABEL: tensorir.prim_func private @small
// CHECK: tensorir.for %{{.*}} = %c0 to %c4 {
tensorir.prim_func private @small(%a: memref<4x8xf32>, %out: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %j = %c0 to %c8 {
      tensorir.block "copy"(%vi, %vj) = (%i, %j) in (%c4, %c8) kinds "SS" reads(%a[%vi, %vj] : memref<4x8xf32>) writes(%out[%vi, %vj] : memref<4x8xf32>) {
        %x = tensorir.load %a[%vi, %vj] : memref<4x8xf32>
        tensorir.store %x, %out[%vi, %vj] : memref<4x8xf32>
      }
    }
  }
}
