// RUN: relax-opt %s --convert-tensorir-to-scf --convert-relax-to-func | FileCheck %s

tensorir.prim_func private @copy(%a: memref<2xf32>, %b: memref<2xf32>) {
}

// Constants become globals; a returned argument or tuple field is copied into
// its result buffer.
// CHECK: memref.global "private" constant @__constant_0 : memref<2xf32> = dense<[1.000000e+00, 2.000000e+00]>
// CHECK-LABEL: func.func @pair(
// CHECK-SAME: %[[X:[^:]*]]: memref<2xf32>, %[[R0:[^:]*]]: memref<2xf32>, %[[R1:[^:]*]]: memref<2xf32>)
relax.function @pair(%x: tensor<2xf32>) -> tuple<tensor<2xf32>, tensor<2xf32>> {
  // CHECK: %[[C:.*]] = memref.get_global @__constant_0 : memref<2xf32>
  %c = relax.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: call @copy(%[[C]], %[[Y:.*]]) :
  %y = relax.call_tir @copy(%c) : (tensor<2xf32>) -> tensor<2xf32>
  %t = relax.tuple %x, %y : tensor<2xf32>, tensor<2xf32>
  // CHECK: memref.copy %[[X]], %[[R0]]
  // CHECK: memref.copy %[[Y]], %[[R1]]
  relax.return %t : tuple<tensor<2xf32>, tensor<2xf32>>
}
