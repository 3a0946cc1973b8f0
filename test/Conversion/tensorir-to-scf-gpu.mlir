// RUN: relax-opt %s --convert-tensorir-to-scf=gpu-thread-bindings=true --split-input-file --verify-diagnostics | FileCheck %s

// Thread-bound loops become scf.parallel loops mapped to their GPU processor.
// CHECK-LABEL: func.func @copy
// CHECK: scf.parallel (%[[BX:.*]]) =
// CHECK: scf.parallel (%[[TX:.*]]) =
// CHECK: scf.if
// CHECK: memref.load
// CHECK: memref.store
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK: } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
tensorir.prim_func @copy(%a: memref<1024xf32>, %out: memref<1024xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c256 = arith.constant 256 : index
  %c1024 = arith.constant 1024 : index
  tensorir.for %bx = %c0 to %c4 thread_binding("blockIdx.x") {
    tensorir.for %tx = %c0 to %c256 thread_binding("threadIdx.x") {
      %0 = arith.muli %bx, %c256 : index
      %i = arith.addi %0, %tx : index
      %in = arith.cmpi ult, %i, %c1024 : index
      tensorir.block "copy"(%vi) = (%i) in (%c1024) kinds "S" where(%in)
          reads(%a[%vi] : memref<1024xf32>) writes(%out[%vi] : memref<1024xf32>) {
        %1 = tensorir.load %a[%vi] : memref<1024xf32>
        tensorir.store %1, %out[%vi] : memref<1024xf32>
      }
    }
  }
}

// -----

tensorir.prim_func @virtual_thread(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.for' op is bound to thread axis 'vthread', which is not one of blockIdx.x/y/z, threadIdx.x/y/z}}
  tensorir.for %t = %c0 to %c4 thread_binding("vthread") {
  }
}
