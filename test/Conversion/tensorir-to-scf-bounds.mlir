// RUN: relax-opt %s --convert-tensorir-to-scf | FileCheck %s
// RUN: relax-opt %s --convert-tensorir-to-scf=gpu-thread-bindings=true | FileCheck %s --check-prefix=GPU

// take, as LegalizeOps writes it: the row index is read from %i, so the
// access is checked at run time; an index outside [0, 8) is reported (the
// message names the buffer) and element 0 is read instead. The column index
// is the loop's: the verifier proved it, nothing is checked.
// CHECK-DAG: llvm.mlir.global internal constant @__tvmlir_bounds_0("index %lld out of range [0, %lld) for 'x' (model.py:12)\00")
// CHECK-DAG: func.func private @tvmlir_bounds_failed(!llvm.ptr, i64, i64)
// CHECK-LABEL: func.func private @take(
// CHECK: %[[ROW:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[EXTENT:.*]] = memref.dim %arg0, %{{.*}} : memref<8x4xf32>
// CHECK: %[[INSIDE:.*]] = arith.cmpi ult, %[[ROW]], %[[EXTENT]] : index
// CHECK: scf.if %{{.*}} {
// CHECK: %[[MESSAGE:.*]] = llvm.mlir.addressof @__tvmlir_bounds_0 : !llvm.ptr
// CHECK: func.call @tvmlir_bounds_failed(%[[MESSAGE]], %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64) -> ()
// CHECK: %[[SAFE:.*]] = arith.select %[[INSIDE]], %[[ROW]], %{{.*}} : index
// CHECK: memref.load %arg0[%[[SAFE]], %{{.*}}] : memref<8x4xf32>
// CHECK-NOT: tvmlir_bounds_failed

// The GPU's kernels cannot call the runtime: no check there.
// GPU-NOT: tvmlir_bounds_failed
tensorir.prim_func private @take(%x: memref<8x4xf32> loc("x"), %i: memref<3xi64> loc("i"), %out: memref<3x4xf32>) {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  tensorir.for %a = %c0 to %c3 {
    tensorir.for %b = %c0 to %c4 {
      tensorir.block "T_take"(%v0, %v1) = (%a, %b) in (%c3, %c4) kinds "SS" reads(%i[%v0] : memref<3xi64>, %x[0, %v1] : memref<8x4xf32>) writes(%out[%v0, %v1] : memref<3x4xf32>) {
        %0 = tensorir.load %i[%v0] : memref<3xi64>
        %1 = arith.index_cast %0 : i64 to index
        %2 = tensorir.load %x[%1, %v1] : memref<8x4xf32> loc("model.py":12:8)
        tensorir.store %2, %out[%v0, %v1] : memref<3x4xf32>
      }
    }
  }
}
