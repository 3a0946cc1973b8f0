// The seed tutorial's MLP as imported from PyTorch (its first printed module).
// Round trip: printing is a fixed point, custom and generic forms agree.
// RUN: relax-opt %s > %t.custom
// RUN: relax-opt %t.custom > %t.again
// RUN: diff %t.custom %t.again
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt > %t.generic
// RUN: diff %t.custom %t.generic
// RUN: FileCheck %s < %t.custom

module {
  relax.function @main(%x: tensor<1x784xf32>, %p_fc1_weight: tensor<256x784xf32>, %p_fc1_bias: tensor<256xf32>, %p_fc2_weight: tensor<10x256xf32>, %p_fc2_bias: tensor<10xf32>) -> tensor<1x10xf32> attributes {num_input = 1 : i64} {
    %gv = relax.dataflow -> tensor<1x10xf32> {
      %lv = relax.permute_dims %p_fc1_weight : tensor<256x784xf32> -> tensor<784x256xf32>
      %lv1 = relax.matmul %x, %lv out_dtype(f32) : tensor<1x784xf32>, tensor<784x256xf32> -> tensor<1x256xf32>
      %lv2 = relax.add %lv1, %p_fc1_bias : tensor<1x256xf32>, tensor<256xf32> -> tensor<1x256xf32>
      %lv3 = relax.nn.relu %lv2 : tensor<1x256xf32>
      %lv4 = relax.permute_dims %p_fc2_weight : tensor<10x256xf32> -> tensor<256x10xf32>
      %lv5 = relax.matmul %lv3, %lv4 out_dtype(f32) : tensor<1x256xf32>, tensor<256x10xf32> -> tensor<1x10xf32>
      %lv6 = relax.add %lv5, %p_fc2_bias : tensor<1x10xf32>, tensor<10xf32> -> tensor<1x10xf32>
      relax.output %lv6 : tensor<1x10xf32>
    }
    relax.return %gv : tensor<1x10xf32>
  }
}

// CHECK-LABEL: relax.function @main(
// CHECK-SAME: tensor<1x784xf32>, %{{.*}}: tensor<256x784xf32>, %{{.*}}: tensor<256xf32>, %{{.*}}: tensor<10x256xf32>, %{{.*}}: tensor<10xf32>) -> tensor<1x10xf32> attributes {num_input = 1 : i64}
// CHECK: relax.dataflow -> tensor<1x10xf32>
// CHECK: relax.permute_dims
// CHECK: relax.matmul {{.*}} out_dtype(f32)
// CHECK: relax.add
// CHECK: relax.nn.relu
// CHECK: relax.permute_dims
// CHECK: relax.output %{{.*}} : tensor<1x10xf32>
// CHECK: relax.return
