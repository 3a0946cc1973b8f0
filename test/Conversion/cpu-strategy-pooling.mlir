// RUN: relax-opt %s --convert-tensorir-to-linalg --convert-tensorir-to-scf --tvmlir-cpu-strategy="vector-bits=512 num-threads=1" | FileCheck %s

// A 2x2 max pool of stride 2, as LegalizeOps writes it: the input's width is
// split into (outputs, window) by a reshape, so a tile of 4 outputs reads 8
// contiguous inputs per row of the window, deinterleaves them with one
// shuffle and takes the maximum of the two halves: no gather, no lane-by-lane
// reduction.
// CHECK-LABEL: func.func private @max_pool2d(
// CHECK: %[[SPLIT:.*]] = memref.reshape %{{.*}} : (memref<1x2x8x8xf32>, memref<5xindex>) -> memref<1x2x8x4x2xf32>
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<4xf32>) {
// CHECK: %[[ROWS:.*]] = vector.transfer_read %[[SPLIT]]{{.*}} : memref<1x2x8x4x2xf32>, vector<4x2xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6, 1, 3, 5, 7] : vector<8xf32>, vector<8xf32>
// CHECK: arith.maximumf %{{.*}}, %[[ACC]] : vector<4xf32>
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK-NOT: vector.reduction
// CHECK-NOT: linalg.generic
tensorir.prim_func private @max_pool2d(%arg0: memref<1x2x8x8xf32>, %arg1: memref<1x2x4x4xf32>) attributes {op_pattern = 3 : i64, tir.noalias = true} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  tensorir.for %arg2 = %c0 to %c1 {
    tensorir.for %arg3 = %c0 to %c2 {
      tensorir.for %arg4 = %c0 to %c4 {
        tensorir.for %arg5 = %c0 to %c4 {
          tensorir.for %arg6 = %c0 to %c2 {
            tensorir.for %arg7 = %c0 to %c2 {
              tensorir.block "pool_max"(%arg8, %arg9, %arg10, %arg11, %arg12, %arg13) = (%arg2, %arg3, %arg4, %arg5, %arg6, %arg7) in (%c1, %c2, %c4, %c4, %c2, %c2) kinds "SSSSRR" reads(%arg0[%arg8, %arg9, %arg10 * 2 + %arg12, %arg11 * 2 + %arg13] : memref<1x2x8x8xf32>) writes(%arg1[%arg8, %arg9, %arg10, %arg11] : memref<1x2x4x4xf32>) {
                tensorir.init {
                  %cst = arith.constant -3.40282347E+38 : f32
                  tensorir.store %cst, %arg1[%arg8, %arg9, %arg10, %arg11] : memref<1x2x4x4xf32>
                }
                %0 = tensorir.load %arg1[%arg8, %arg9, %arg10, %arg11] : memref<1x2x4x4xf32>
                %1 = arith.muli %arg10, %c2 : index
                %2 = arith.addi %1, %arg12 : index
                %3 = arith.muli %arg11, %c2 : index
                %4 = arith.addi %3, %arg13 : index
                %5 = tensorir.load %arg0[%arg8, %arg9, %2, %4] : memref<1x2x8x8xf32>
                %6 = arith.maximumf %0, %5 : f32
                tensorir.store %6, %arg1[%arg8, %arg9, %arg10, %arg11] : memref<1x2x4x4xf32>
              }
            }
          }
        }
      }
    }
  }
}
