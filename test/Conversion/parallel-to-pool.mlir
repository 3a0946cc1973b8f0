// RUN: relax-opt --convert-parallel-to-pool=num-threads=2 --split-input-file %s | FileCheck %s

// The body runs the linearized iterations [begin, end) of a 4x3 loop (steps
// 1 and 2): constants are cloned into it, the buffer and the scalar come
// through the context.
// CHECK-LABEL: func.func @fill
// CHECK:         %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)>
// CHECK:         llvm.store %arg1, %{{.*}} : f32, !llvm.ptr
// CHECK:         %[[DESC:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<4x6xf32> to !llvm.struct
// CHECK:         llvm.store %[[DESC]]
// CHECK:         %[[BODY:.*]] = constant @fill_parallel : (!llvm.ptr, i64, i64) -> ()
// CHECK:         %[[N:.*]] = arith.index_cast %c12
// CHECK:         %[[T:.*]] = arith.constant 2 : i64
// CHECK:         call @tvmlir_parallel_for(%[[BODY]], %[[CTX]], %[[N]], %[[T]])
// CHECK-NOT:     scf.parallel
// CHECK-LABEL: func.func private @fill_parallel(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64)
// CHECK:         %[[V:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK:         %[[B:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<4x6xf32>
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK:         scf.for %[[L:.*]] = %{{.*}} to %{{.*}} step
// CHECK:           %[[J:.*]] = arith.remsi %[[L]], %[[C3]]
// CHECK:           %[[I:.*]] = arith.divsi %[[L]], %[[C3]]
// CHECK:           memref.store %[[V]], %[[B]]
// CHECK:       func.func private @tvmlir_parallel_for((!llvm.ptr, i64, i64) -> (), !llvm.ptr, i64, i64)
func.func @fill(%buf: memref<4x6xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c6) step (%c1, %c2) {
    memref.store %v, %buf[%i, %j] : memref<4x6xf32>
  }
  return
}

// -----

// A symbolic bound: the iteration count is computed by the caller and passed
// in the context; two loops get two bodies with distinct names; a nested
// parallel loop stays inside its body; an alloca gets a scope per iteration.
// CHECK-LABEL: func.func @two
// CHECK:         %[[COUNT:.*]] = arith.maxsi
// CHECK:         call @tvmlir_parallel_for
// CHECK:         call @tvmlir_parallel_for
// CHECK-LABEL: func.func private @two_parallel_0
// CHECK:         memref.alloca_scope
// CHECK:           memref.alloca
// CHECK-LABEL: func.func private @two_parallel(
// CHECK:         scf.parallel
func.func @two(%buf: memref<?xf32>, %n: index, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    scf.parallel (%j) = (%c0) to (%c1) step (%c1) {
      memref.store %v, %buf[%i] : memref<?xf32>
    }
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %tmp = memref.alloca() : memref<f32>
    memref.store %v, %tmp[] : memref<f32>
  }
  return
}
