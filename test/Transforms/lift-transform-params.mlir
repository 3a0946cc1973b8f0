// RUN: relax-opt %s --relax-lift-transform-params | FileCheck %s
// RUN: relax-opt %s --relax-lift-transform-params --relax-lift-transform-params | FileCheck %s

// The transpose of %w and the scaling of %b read parameters (and a constant)
// only: they move into @main_transform_params, which returns what @main still
// reads: %w2 (read directly), then the lifted values in program order.
// CHECK-LABEL: relax.function @main(
// CHECK-SAME: %[[X:.*]]: tensor<1x8xf32>, %[[W2:.*]]: tensor<4x4xf32>, %[[WT:.*]]: tensor<8x4xf32>, %[[B2:.*]]: tensor<4xf32>) -> tensor<1x4xf32> attributes {num_input = 1 : i64}
// CHECK-NOT: relax.permute_dims
// CHECK-NOT: relax.multiply
// CHECK: relax.matmul %[[X]], %[[WT]]
// CHECK: relax.add %{{.*}}, %[[B2]]
// CHECK: relax.matmul %{{.*}}, %[[W2]]
// CHECK-LABEL: relax.function @main_transform_params(
// CHECK-SAME: %[[P:.*]]: tuple<tensor<4x8xf32>, tensor<4xf32>, tensor<4x4xf32>>) -> tuple<tensor<4x4xf32>, tensor<8x4xf32>, tensor<4xf32>> attributes {num_input = 0 : i64}
// CHECK-DAG: %[[PW:.*]] = relax.tuple_get_item %[[P]][0]
// CHECK-DAG: %[[PB:.*]] = relax.tuple_get_item %[[P]][1]
// CHECK-DAG: %[[PW2:.*]] = relax.tuple_get_item %[[P]][2]
// CHECK: %[[T:.*]] = relax.permute_dims %[[PW]]
// CHECK: %[[S:.*]] = relax.multiply %[[PB]], %{{.*}}
// CHECK: %[[GV:.*]] = relax.tuple %[[PW2]], %[[T]], %[[S]]
// CHECK: relax.output %[[GV]]
// CHECK-NOT: relax.function
relax.function @main(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %w2: tensor<4x4xf32>) -> tensor<1x4xf32> attributes {num_input = 1 : i64} {
  %gv = relax.dataflow -> tensor<1x4xf32> {
    %wt = relax.permute_dims %w : tensor<4x8xf32> -> tensor<8x4xf32>
    %c = relax.constant dense<2.0> : tensor<4xf32>
    %b2 = relax.multiply %b, %c : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    %m = relax.matmul %x, %wt : tensor<1x8xf32>, tensor<8x4xf32> -> tensor<1x4xf32>
    %a = relax.add %m, %b2 : tensor<1x4xf32>, tensor<4xf32> -> tensor<1x4xf32>
    %m2 = relax.matmul %a, %w2 : tensor<1x4xf32>, tensor<4x4xf32> -> tensor<1x4xf32>
    relax.output %m2 : tensor<1x4xf32>
  }
  relax.return %gv : tensor<1x4xf32>
}
