// MLIR's parser would allocate a table entry per result number up to N and run
// out of memory on a huge `%v#N`; relax-opt rejects such input first.
// RUN: not relax-opt %s 2>&1 | FileCheck %s

// CHECK: oversized_result.mlir:[[# @LINE + 3]]:37: error: result number 2147483648 is out of range (at most 65536)
relax.function @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %t = relax.tuple %x : tensor<4xf32>
  %y = relax.tuple_get_item %t[0] : %t#2147483648
  relax.return %x : tensor<4xf32>
}
