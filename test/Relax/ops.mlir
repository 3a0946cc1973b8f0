// Round trip of every relax op: custom form, printed-then-reparsed, and the
// generic form reparsed.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s | relax-opt | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// CHECK-LABEL: relax.function @ops
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<3xf32>, %[[W:.*]]: tensor<4x3xf32>) -> tuple<tensor<2x4xf32>, tensor<3x2xf32>>
// CHECK-SAME: attributes {num_input = 1 : i64}
relax.function @ops(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %w: tensor<4x3xf32>)
    -> tuple<tensor<2x4xf32>, tensor<3x2xf32>> attributes {num_input = 1 : i64} {
  // CHECK: %[[OUT:.*]]:2 = relax.dataflow -> tensor<2x4xf32>, tensor<3x2xf32> {
  %out:2 = relax.dataflow -> tensor<2x4xf32>, tensor<3x2xf32> {
    // CHECK: %[[C:.*]] = relax.constant dense<1.000000e+00> : tensor<3xf32>
    %c = relax.constant dense<1.0> : tensor<3xf32>
    // CHECK: %[[A:.*]] = relax.add %[[X]], %[[C]] : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
    %a = relax.add %x, %c : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
    // CHECK: %[[R:.*]] = relax.nn.relu %[[A]] : tensor<2x3xf32>
    %r = relax.nn.relu %a : tensor<2x3xf32>
    // CHECK: %[[T:.*]] = relax.permute_dims %[[W]] : tensor<4x3xf32> -> tensor<3x4xf32>
    %t = relax.permute_dims %w : tensor<4x3xf32> -> tensor<3x4xf32>
    // CHECK: %[[M:.*]] = relax.matmul %[[R]], %[[T]] out_dtype(f32) : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %m = relax.matmul %r, %t out_dtype(f32) : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    // CHECK: %[[P:.*]] = relax.permute_dims %[[R]] axes [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
    %p = relax.permute_dims %r axes [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
    // CHECK: relax.output %[[M]], %[[P]] : tensor<2x4xf32>, tensor<3x2xf32>
    relax.output %m, %p : tensor<2x4xf32>, tensor<3x2xf32>
  }
  // CHECK: %[[TUP:.*]] = relax.tuple %[[OUT]]#0, %[[OUT]]#1 : tensor<2x4xf32>, tensor<3x2xf32>
  %tup = relax.tuple %out#0, %out#1 : tensor<2x4xf32>, tensor<3x2xf32>
  // CHECK: relax.tuple_get_item %[[TUP]][1] : tuple<tensor<2x4xf32>, tensor<3x2xf32>>
  %second = relax.tuple_get_item %tup[1] : tuple<tensor<2x4xf32>, tensor<3x2xf32>>
  // CHECK: relax.return %[[TUP]] : tuple<tensor<2x4xf32>, tensor<3x2xf32>>
  relax.return %tup : tuple<tensor<2x4xf32>, tensor<3x2xf32>>
}

// CHECK-LABEL: relax.function private @helper
relax.function private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}

// matmul follows numpy.matmul: vectors are promoted, batch dims broadcast,
// and without out_dtype (TVM's "void") the operands' dtype is kept.
// CHECK-LABEL: relax.function @matmul_rules
relax.function @matmul_rules(%v: tensor<3xf16>, %m: tensor<3x5xf16>, %b: tensor<2x1x4x3xf16>, %c: tensor<7x3x5xf16>)
    -> tensor<2x7x4x5xf16> {
  // CHECK: relax.matmul %{{.*}}, %{{.*}} : tensor<3xf16>, tensor<3x5xf16> -> tensor<5xf16>
  %0 = relax.matmul %v, %m : tensor<3xf16>, tensor<3x5xf16> -> tensor<5xf16>
  // CHECK: relax.matmul %{{.*}}, %{{.*}} : tensor<3x5xf16>, tensor<5xf16> -> tensor<3xf16>
  %1 = relax.matmul %m, %0 : tensor<3x5xf16>, tensor<5xf16> -> tensor<3xf16>
  // CHECK: relax.matmul %{{.*}}, %{{.*}} out_dtype(f32) : tensor<3xf16>, tensor<3xf16> -> tensor<f32>
  %2 = relax.matmul %v, %1 out_dtype(f32) : tensor<3xf16>, tensor<3xf16> -> tensor<f32>
  // CHECK: relax.matmul %{{.*}}, %{{.*}} : tensor<2x1x4x3xf16>, tensor<7x3x5xf16> -> tensor<2x7x4x5xf16>
  %3 = relax.matmul %b, %c : tensor<2x1x4x3xf16>, tensor<7x3x5xf16> -> tensor<2x7x4x5xf16>
  relax.return %3 : tensor<2x7x4x5xf16>
}

// call_tir in destination-passing style, one or several outputs.
tensorir.prim_func private @copy(%a: memref<4xf32>, %b: memref<4xf32>) {
}
tensorir.prim_func private @split(%a: memref<4xf32>, %b: memref<2xf32>, %c: memref<2xf32>) {
}
// CHECK-LABEL: relax.function @calls
relax.function @calls(%x: tensor<4xf32>) -> tensor<2xf32> {
  // CHECK: relax.call_tir @copy(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
  %0 = relax.call_tir @copy(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: relax.call_tir @split(%{{.*}}) : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  %1:2 = relax.call_tir @split(%0) : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  // CHECK: relax.call @helper2(%{{.*}}) : (tensor<2xf32>) -> tensor<2xf32>
  %2 = relax.call @helper2(%1#1) : (tensor<2xf32>) -> tensor<2xf32>
  relax.return %2 : tensor<2xf32>
}
relax.function private @helper2(%x: tensor<2xf32>) -> tensor<2xf32> attributes {Primitive = 1 : i64} {
  relax.return %x : tensor<2xf32>
}
