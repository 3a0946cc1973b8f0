// RUN: relax-opt %S/../Seed/seed_fused.mlir --convert-tensorir-to-scf --convert-relax-to-func | FileCheck %s

// The host function takes the inputs, then the result buffer; the last
// kernel writes straight into it, each intermediate is freed after its last
// use.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:[^:]*]]: memref<1x784xf32>, %[[W1:[^:]*]]: memref<256x784xf32>, %[[B1:[^:]*]]: memref<256xf32>, %[[W2:[^:]*]]: memref<10x256xf32>, %[[B2:[^:]*]]: memref<10xf32>, %[[OUT:[^:]*]]: memref<1x10xf32>) attributes {llvm.emit_c_interface, relax.num_inputs = 5 : i64}
// CHECK: %[[T1:.*]] = memref.alloc() : memref<784x256xf32>
// CHECK: call @transpose(%[[W1]], %[[T1]])
// CHECK: %[[H:.*]] = memref.alloc() : memref<1x256xf32>
// CHECK: call @fused_matmul_add_relu(%[[X]], %[[T1]], %[[B1]], %[[H]])
// CHECK-NEXT: memref.dealloc %[[T1]]
// CHECK: %[[T2:.*]] = memref.alloc() : memref<256x10xf32>
// CHECK: call @transpose1(%[[W2]], %[[T2]])
// CHECK: call @fused_matmul1_add1(%[[H]], %[[T2]], %[[B2]], %[[OUT]])
// CHECK-DAG: memref.dealloc %[[H]]
// CHECK-DAG: memref.dealloc %[[T2]]
// CHECK: return
