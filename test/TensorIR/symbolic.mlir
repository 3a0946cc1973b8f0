// Buffers of symbolic shape (memref<?x...>) with scalar parameters for their
// extents. TVMScript spells these with T.match_buffer, which the printer does
// not produce yet: this file is MLIR only.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// Scalar parameters (symbolic extents), and a block with no iteration
// variables over a 0-d buffer.
// CHECK-LABEL: tensorir.prim_func @fill(%{{.*}}: index, %{{.*}}: memref<?xf32>, %{{.*}}: memref<f32>)
tensorir.prim_func @fill(%n: index, %buf: memref<?xf32>, %count: memref<f32>) {
  %c0 = arith.constant 0 : index
  tensorir.for %i = %c0 to %n {
    // CHECK: tensorir.block "fill"(%[[VI:.*]]) = (%{{.*}}) in (%{{.*}}) kinds "S" writes(%{{.*}}[%[[VI]]] : memref<?xf32>)
    tensorir.block "fill"(%vi) = (%i) in (%n) kinds "S" writes(%buf[%vi] : memref<?xf32>) {
      %one = arith.constant 1.0 : f32
      tensorir.store %one, %buf[%vi] : memref<?xf32>
    }
  }
  // CHECK: tensorir.block "count"() = () in () kinds "" writes(%{{.*}}[] : memref<f32>)
  tensorir.block "count"() = () in () kinds "" writes(%count[] : memref<f32>) {
    %zero = arith.constant 0.0 : f32
    tensorir.store %zero, %count[] : memref<f32>
  }
}
