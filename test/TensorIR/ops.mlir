// Round trip of every tensorir op, in custom and generic form.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s | relax-opt | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// CHECK-LABEL: tensorir.prim_func private @row_sum
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[OUT:.*]]: memref<4xf32>) attributes {tir.noalias = true}
tensorir.prim_func private @row_sum(%a: memref<4x8xf32>, %out: memref<4xf32>) attributes {tir.noalias = true} {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  // CHECK: %[[TMP:.*]] = tensorir.alloc_buffer : memref<4xf32>
  %tmp = tensorir.alloc_buffer : memref<4xf32>
  // CHECK: %[[SH:.*]] = tensorir.alloc_buffer scope("shared") : memref<8xf32>
  %sh = tensorir.alloc_buffer scope("shared") : memref<8xf32>
  // CHECK: tensorir.for %[[I:.*]] = %{{.*}} to %{{.*}} parallel {
  tensorir.for %i = %c0 to %c4 parallel {
    // CHECK: tensorir.for %[[K:.*]] = %{{.*}} to %{{.*}} {
    tensorir.for %k = %c0 to %c8 {
      // CHECK: tensorir.block "sum"(%[[VI:.*]], %[[VK:.*]]) = (%[[I]], %[[K]]) in (%{{.*}}, %{{.*}}) kinds "SR"
      // CHECK-SAME: reads(%[[A]][%[[VI]], %[[VK]]] : memref<4x8xf32>) writes(%[[TMP]][%[[VI]]] : memref<4xf32>) {
      tensorir.block "sum"(%vi, %vk) = (%i, %k) in (%c4, %c8) kinds "SR"
          reads(%a[%vi, %vk] : memref<4x8xf32>) writes(%tmp[%vi] : memref<4xf32>) {
        // CHECK: tensorir.init {
        tensorir.init {
          %zero = arith.constant 0.0 : f32
          // CHECK: tensorir.store %{{.*}}, %[[TMP]][%[[VI]]] : memref<4xf32>
          tensorir.store %zero, %tmp[%vi] : memref<4xf32>
        }
        // CHECK: tensorir.load %[[TMP]][%[[VI]]] : memref<4xf32>
        %acc = tensorir.load %tmp[%vi] : memref<4xf32>
        %v = tensorir.load %a[%vi, %vk] : memref<4x8xf32>
        %s = arith.addf %acc, %v : f32
        tensorir.store %s, %tmp[%vi] : memref<4xf32>
      }
    }
  }
  // Loop kinds, a predicate and affine region indices.
  // CHECK: tensorir.for %[[T:.*]] = %{{.*}} to %{{.*}} thread_binding("threadIdx.x") {
  tensorir.for %t = %c0 to %c4 thread_binding("threadIdx.x") {
    // CHECK: tensorir.for %{{.*}} = %{{.*}} to %{{.*}} vectorized {
    tensorir.for %v = %c0 to %c4 vectorized {
      // CHECK: tensorir.for %{{.*}} = %{{.*}} to %{{.*}} unrolled {
      tensorir.for %u = %c0 to %c4 unrolled {
        %p = arith.cmpi slt, %u, %c4 : index
        // CHECK: tensorir.block "copy"(%[[VT:.*]]) = (%[[T]]) in (%{{.*}}) kinds "S" where(%{{[0-9]+}})
        // CHECK-SAME: reads(%[[TMP]][%[[VT]]] : memref<4xf32>, %[[A]][%[[VT]], %[[VT]] * 2] : memref<4x8xf32>)
        // CHECK-SAME: writes(%[[OUT]][%[[VT]]] : memref<4xf32>) attributes {note = "kept"} {
        tensorir.block "copy"(%vt) = (%t) in (%c4) kinds "S" where(%p)
            reads(%tmp[%vt] : memref<4xf32>, %a[%vt, %vt * 2] : memref<4x8xf32>)
            writes(%out[%vt] : memref<4xf32>) attributes {note = "kept"} {
          %x = tensorir.load %tmp[%vt] : memref<4xf32>
          %col = arith.muli %vt, %c2 : index
          %y = tensorir.load %a[%vt, %col] : memref<4x8xf32>
          %m = arith.maximumf %x, %y : f32
          tensorir.store %m, %out[%vt] : memref<4xf32>
        }
      }
    }
  }
}
