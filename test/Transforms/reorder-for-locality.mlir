// RUN: relax-opt %s --tensorir-reorder-for-locality | FileCheck %s

// matmul: the reduction k is innermost; j indexes B's and C's last dimension,
// k only A's, so j moves inside k (loop names and bounds move with it).
// CHECK-LABEL: tensorir.prim_func private @matmul
// CHECK: tensorir.for %[[I:.*]] = %c0 to %c4 {
// CHECK-NEXT: tensorir.for %[[K:.*]] = %c0 to %c8 {
// CHECK-NEXT: tensorir.for %[[J:.*]] = %c0 to %c6 {
// CHECK-NEXT: tensorir.block "matmul"(%{{.*}}, %{{.*}}, %{{.*}}) = (%[[I]], %[[J]], %[[K]]) in (%c4, %c6, %c8) kinds "SSR"
tensorir.prim_func private @matmul(%a: memref<4x8xf32>, %b: memref<8x6xf32>, %c: memref<4x6xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %j = %c0 to %c6 {
      tensorir.for %k = %c0 to %c8 {
        tensorir.block "matmul"(%vi, %vj, %vk) = (%i, %j, %k) in (%c4, %c6, %c8) kinds "SSR" reads(%a[%vi, %vk] : memref<4x8xf32>, %b[%vk, %vj] : memref<8x6xf32>) writes(%c[%vi, %vj] : memref<4x6xf32>) {
          tensorir.init {
            %zero = arith.constant 0.0 : f32
            tensorir.store %zero, %c[%vi, %vj] : memref<4x6xf32>
          }
          %acc = tensorir.load %c[%vi, %vj] : memref<4x6xf32>
          %x = tensorir.load %a[%vi, %vk] : memref<4x8xf32>
          %y = tensorir.load %b[%vk, %vj] : memref<8x6xf32>
          %p = arith.mulf %x, %y : f32
          %s = arith.addf %acc, %p : f32
          tensorir.store %s, %c[%vi, %vj] : memref<4x6xf32>
        }
      }
    }
  }
}

// A row sum reads x[i, k]: k is as contiguous as i would be, so nothing moves.
// CHECK-LABEL: tensorir.prim_func private @row_sum
// CHECK: tensorir.for %[[I:.*]] = %c0 to %c4 {
// CHECK-NEXT: tensorir.for %[[K:.*]] = %c0 to %c8 {
// CHECK-NEXT: tensorir.block "sum"(%{{.*}}, %{{.*}}) = (%[[I]], %[[K]])
tensorir.prim_func private @row_sum(%x: memref<4x8xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %k = %c0 to %c8 {
      tensorir.block "sum"(%vi, %vk) = (%i, %k) in (%c4, %c8) kinds "SR" reads(%x[%vi, %vk] : memref<4x8xf32>) writes(%out[%vi] : memref<4xf32>) {
        %acc = tensorir.load %out[%vi] : memref<4xf32>
        %v = tensorir.load %x[%vi, %vk] : memref<4x8xf32>
        %s = arith.addf %acc, %v : f32
        tensorir.store %s, %out[%vi] : memref<4xf32>
      }
    }
  }
}
