// RUN: relax-opt %s --convert-tensorir-to-scf | FileCheck %s

// CHECK-LABEL: func.func private @row_sum(%{{.*}}: memref<4x8xf32>, %{{.*}}: memref<4xf32>) attributes {llvm.emit_c_interface}
tensorir.prim_func private @row_sum(%a: memref<4x8xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  // CHECK: %[[TMP:.*]] = memref.alloc() : memref<4xf32>
  %tmp = tensorir.alloc_buffer : memref<4xf32>
  // CHECK: scf.parallel (%[[I:.*]]) =
  tensorir.for %i = %c0 to %c4 parallel {
    // CHECK: scf.for %[[K:.*]] =
    tensorir.for %k = %c0 to %c8 {
      tensorir.block "sum"(%vi, %vk) = (%i, %k) in (%c4, %c8) kinds "SR"
          reads(%a[%vi, %vk] : memref<4x8xf32>) writes(%tmp[%vi] : memref<4xf32>) {
        // The init runs when the reduction variable is 0.
        // CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[K]], %{{.*}} : index
        // CHECK: scf.if %[[FIRST]] {
        // CHECK: memref.store %{{.*}}, %[[TMP]][%[[I]]] : memref<4xf32>
        tensorir.init {
          %zero = arith.constant 0.0 : f32
          tensorir.store %zero, %tmp[%vi] : memref<4xf32>
        }
        // CHECK: memref.load %[[TMP]][%[[I]]]
        // CHECK: memref.load %{{.*}}[%[[I]], %[[K]]]
        %acc = tensorir.load %tmp[%vi] : memref<4xf32>
        %v = tensorir.load %a[%vi, %vk] : memref<4x8xf32>
        %s = arith.addf %acc, %v : f32
        tensorir.store %s, %tmp[%vi] : memref<4xf32>
      }
    }
  }
  tensorir.for %i = %c0 to %c4 {
    %p = arith.cmpi slt, %i, %c4 : index
    // A predicate guards the block.
    // CHECK: scf.if %{{.*}} {
    tensorir.block "copy"(%vi) = (%i) in (%c4) kinds "S" where(%p)
        reads(%tmp[%vi] : memref<4xf32>) writes(%out[%vi] : memref<4xf32>) {
      %x = tensorir.load %tmp[%vi] : memref<4xf32>
      tensorir.store %x, %out[%vi] : memref<4xf32>
    }
  }
  // CHECK: memref.dealloc %[[TMP]] : memref<4xf32>
  // CHECK-NEXT: return
}
