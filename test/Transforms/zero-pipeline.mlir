// The seed's MLP through the zero pipeline gives the seed's fused module.
// RUN: relax-opt %S/../Seed/seed_graph.mlir --relax-legalize-ops > %t.legalized
// RUN: relax-opt %t.legalized --relax-annotate-tir-op-pattern --relax-fold-constant --relax-fuse-ops --relax-fuse-tir | FileCheck %s

// CHECK-DAG: relax.call_tir @transpose(
// CHECK-DAG: relax.call_tir @fused_matmul_add_relu(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<1x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<1x256xf32>
// CHECK-DAG: relax.call_tir @transpose1(
// CHECK-DAG: relax.call_tir @fused_matmul1_add1(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
// CHECK-DAG: tensorir.prim_func private @transpose(%{{.*}}) attributes {op_pattern = 2 : i64, tir.noalias = true}
// CHECK-DAG: tensorir.prim_func private @fused_matmul_add_relu(%{{.*}}) attributes {tir.noalias = true}
// CHECK-DAG: tensorir.prim_func private @fused_matmul1_add1(%{{.*}}) attributes {tir.noalias = true}
// CHECK-NOT: relax.function private
