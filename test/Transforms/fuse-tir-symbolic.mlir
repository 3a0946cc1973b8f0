// FuseTIR over a symbolic batch: the intermediate is allocated to the size
// the fused function reads from its first parameter named `n`, and the
// callees' size reads become that one read.
// RUN: relax-opt %s --relax-legalize-ops --relax-annotate-tir-op-pattern --relax-fuse-ops --relax-fuse-tir | FileCheck %s

relax.function @main(%x: tensor<?x4xf32, #relax.sym<["n"]>>) -> tensor<?x4xf32, #relax.sym<["n"]>> {
  %out = relax.dataflow -> tensor<?x4xf32, #relax.sym<["n"]>> {
    %0 = relax.exp %x : tensor<?x4xf32, #relax.sym<["n"]>>
    %1 = relax.nn.relu %0 : tensor<?x4xf32, #relax.sym<["n"]>>
    relax.output %1 : tensor<?x4xf32, #relax.sym<["n"]>>
  }
  relax.return %out : tensor<?x4xf32, #relax.sym<["n"]>>
}

// CHECK-LABEL: tensorir.prim_func private @fused_exp_relu(
// CHECK-SAME: %[[X:arg[0-9]+]]: memref<?x4xf32> {relax.sym = #relax.sym<["n"]>}, %{{.*}}: memref<?x4xf32> {relax.sym = #relax.sym<["n"]>})
// CHECK: %[[N:.*]] = memref.dim %[[X]], %c0 : memref<?x4xf32>
// CHECK-NOT: memref.dim
// CHECK: tensorir.alloc_buffer(%[[N]]) : memref<?x4xf32>
// CHECK: tensorir.for %{{.*}} = %c0 to %[[N]] {
// CHECK: tensorir.for %{{.*}} = %c0 to %[[N]] {
