// RUN: relax-opt %s --relax-annotate-tir-op-pattern | FileCheck %s

// An op_pattern that is not a signless integer is recomputed.
// CHECK-LABEL: tensorir.prim_func private @odd_annotation(
// CHECK-SAME: op_pattern = 8 : i64
tensorir.prim_func private @odd_annotation(%a: memref<4xf32>) attributes {op_pattern = 1 : ui8} {
}
