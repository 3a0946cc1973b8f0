// tvmlir-input-guard (first in relax-opt, whatever the pipeline): IR that
// verifies but would make an upstream pattern assert is an error. One case
// per rule.
// RUN: relax-opt %s -split-input-file -verify-diagnostics
// RUN: relax-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(canonicalize)'

// canonicalize's SimplifyDimOfAllocOp asserts on a constant index past the rank.
func.func @memref_dim(%x: memref<?x4xf32>) -> memref<?x4xf32> {
  %c = arith.constant -5 : index
  // expected-error@+1 {{'memref.dim' op index -5 is out of range for 'memref<?x4xf32>' (rank 2)}}
  %n = memref.dim %x, %c : memref<?x4xf32>
  %y = memref.alloc(%n) : memref<?x4xf32>
  return %y : memref<?x4xf32>
}

// -----

func.func @tensor_dim(%x: tensor<?x4xf32>) -> index {
  %c = arith.constant 2 : index
  // expected-error@+1 {{'tensor.dim' op index 2 is out of range for 'tensor<?x4xf32>' (rank 2)}}
  %n = tensor.dim %x, %c : tensor<?x4xf32>
  return %n : index
}
