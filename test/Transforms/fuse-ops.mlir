// RUN: relax-opt %s --relax-legalize-ops --relax-annotate-tir-op-pattern --relax-fuse-ops | FileCheck %s

// matmul absorbs its broadcast and elementwise epilogue; the transpose that
// feeds it (injective into out-elementwise-fusable) stays apart, as in TVM.
// CHECK-LABEL: relax.function @main
relax.function @main(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<1x4xf32> {
  %gv = relax.dataflow -> tensor<1x4xf32> {
    // CHECK: %[[T:.*]] = relax.call_tir @transpose(
    %t = relax.permute_dims %w : tensor<4x8xf32> -> tensor<8x4xf32>
    // CHECK: %[[F:.*]] = relax.call @fused_matmul_add_relu(%{{.*}}, %[[T]], %{{.*}}) : (tensor<1x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
    %m = relax.matmul %x, %t : tensor<1x8xf32>, tensor<8x4xf32> -> tensor<1x4xf32>
    %a = relax.add %m, %b : tensor<1x4xf32>, tensor<4xf32> -> tensor<1x4xf32>
    %r = relax.nn.relu %a : tensor<1x4xf32>
    // CHECK: relax.output %[[F]]
    relax.output %r : tensor<1x4xf32>
  }
  relax.return %gv : tensor<1x4xf32>
}

// A result used twice is not fused into either user.
// CHECK-LABEL: relax.function @shared
relax.function @shared(%x: tensor<4xf32>) -> tensor<4xf32> {
  %gv = relax.dataflow -> tensor<4xf32> {
    // CHECK-COUNT-3: relax.call_tir
    // CHECK-NOT: relax.call @
    %r = relax.nn.relu %x : tensor<4xf32>
    %a = relax.add %r, %r : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    %b = relax.nn.relu %r : tensor<4xf32>
    relax.output %b : tensor<4xf32>
  }
  relax.return %gv : tensor<4xf32>
}

// A multi-output call (split) is not absorbed into its producer's group:
// FuseTIR merges single-output prim_funcs only.
// CHECK-LABEL: relax.function @into_split
// CHECK: relax.call_tir @relu{{[0-9]*}}(
// CHECK-NEXT: relax.call_tir @split(
relax.function @into_split(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %gv = relax.dataflow -> tensor<2x2xf32> {
    %r = relax.nn.relu %x : tensor<2x4xf32>
    %s:2 = relax.split %r sections(2) axis 1 : tensor<2x4xf32> -> tensor<2x2xf32>, tensor<2x2xf32>
    %a = relax.add %s#0, %s#1 : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
    relax.output %a : tensor<2x2xf32>
  }
  relax.return %gv : tensor<2x2xf32>
}

// CHECK-LABEL: relax.function private @fused_matmul_add_relu(
// CHECK-SAME: attributes {Primitive = 1 : i64}
// CHECK: relax.dataflow
// CHECK-NEXT: relax.call_tir @matmul(
// CHECK-NEXT: relax.call_tir @add(
// CHECK-NEXT: relax.call_tir @relu(

