// Buffers of symbolic shape: an intermediate takes its dynamic sizes as
// operands, in order.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// CHECK-LABEL: tensorir.prim_func private @rows
tensorir.prim_func private @rows(%a: memref<?x8xf32>, %out: memref<?x8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  // CHECK: %[[N:.*]] = memref.dim
  %n = memref.dim %a, %c0 : memref<?x8xf32>
  // CHECK: tensorir.alloc_buffer(%[[N]], %{{.*}}) : memref<?x2x?xf32>
  %tmp = tensorir.alloc_buffer(%n, %c8) : memref<?x2x?xf32>
  // CHECK: tensorir.alloc_buffer(%[[N]]) scope("shared") : memref<?xf32>
  %sh = tensorir.alloc_buffer(%n) scope("shared") : memref<?xf32>
}
