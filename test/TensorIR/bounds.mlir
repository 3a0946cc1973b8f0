// What the bounds proof must accept: indices that stay inside, clamped
// indices (TVM's pad_temp), accesses the ranges cannot settle (symbolic
// extents, loaded indices), guarded and never-running accesses.
// RUN: relax-opt %s | FileCheck %s

// CHECK-LABEL: tensorir.prim_func @clamped_pad
tensorir.prim_func @clamped_pad(%a: memref<8xf32>, %p: memref<10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %zero = arith.constant 0.0 : f32
  tensorir.for %i = %c0 to %c10 {
    tensorir.block "pad_temp"(%vi) = (%i) in (%c10) kinds "S" reads(%a[%vi - 1] : memref<8xf32>) writes(%p[%vi] : memref<10xf32>) {
      %lo = arith.cmpi sge, %vi, %c1 : index
      %hi = arith.cmpi slt, %vi, %c9 : index
      %inside = arith.andi %lo, %hi : i1
      %j = arith.subi %vi, %c1 : index
      %j0 = arith.maxsi %j, %c0 : index
      %j1 = arith.minsi %j0, %c7 : index
      %x = tensorir.load %a[%j1] : memref<8xf32>
      %v = arith.select %inside, %x, %zero : f32
      tensorir.store %v, %p[%vi] : memref<10xf32>
    }
  }
}

// CHECK-LABEL: tensorir.prim_func @reversed_and_strided
tensorir.prim_func @reversed_and_strided(%a: memref<16xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c8 {
    tensorir.block "b"(%vi) = (%i) in (%c8) kinds "S" reads(%a[%vi * 2 + 1] : memref<16xf32>) writes(%b[7 - %vi] : memref<8xf32>) {
      %j = arith.muli %vi, %c2 : index
      %c1 = arith.constant 1 : index
      %j1 = arith.addi %j, %c1 : index
      %x = tensorir.load %a[%j1] : memref<16xf32>
      %r = arith.subi %c7, %vi : index
      tensorir.store %x, %b[%r] : memref<8xf32>
    }
  }
}

// CHECK-LABEL: tensorir.prim_func @unknown_indices
tensorir.prim_func @unknown_indices(%a: memref<?xf32>, %idx: memref<4xi64>, %b: memref<4xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  tensorir.for %i = %c0 to %c4 {
    // A symbolic extent, an index loaded at run time: for run-time checks.
    %k = tensorir.load %idx[%i] : memref<4xi64>
    %ki = arith.index_cast %k : i64 to index
    %x = tensorir.load %a[%ki] : memref<?xf32>
    %y = tensorir.load %a[%n] : memref<?xf32>
    %m = arith.addi %i, %n : index
    %z = tensorir.load %b[%c0] : memref<4xf32>
    tensorir.store %x, %b[%i] : memref<4xf32>
  }
}

// CHECK-LABEL: tensorir.prim_func @never_runs
tensorir.prim_func @never_runs(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c100 = arith.constant 100 : index
  %x = arith.constant 1.0 : f32
  // An empty loop: its body never runs.
  tensorir.for %i = %c0 to %c0 {
    %j = arith.addi %i, %c100 : index
    tensorir.store %x, %a[%j] : memref<8xf32>
  }
}

// CHECK-LABEL: tensorir.prim_func @zero_extent_reshape
tensorir.prim_func @zero_extent_reshape(%a: memref<1x0xf32>, %b: memref<0x1xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // A reshape of a tensor with no elements (what LegalizeOps writes for
  // torch's repeat or pixel_shuffle of an empty sample): the read is at
  // constant indices, outside the empty buffer, but the loop around it has
  // extent 0, so it never runs.
  tensorir.for %i = %c0 to %c0 {
    tensorir.for %j = %c0 to %c1 {
      %x = tensorir.load %a[%c0, %c0] : memref<1x0xf32>
      tensorir.store %x, %b[%i, %j] : memref<0x1xf32>
    }
  }
}

// CHECK-LABEL: tensorir.prim_func @predicated
tensorir.prim_func @predicated(%a: memref<10xf32>) {
  %c0 = arith.constant 0 : index
  %c10 = arith.constant 10 : index
  %c16 = arith.constant 16 : index
  %x = arith.constant 1.0 : f32
  // TVM's T.where: the fused loop runs past the extent, the predicate stops it.
  tensorir.for %i = %c0 to %c16 {
    %in = arith.cmpi slt, %i, %c10 : index
    tensorir.block "b"(%vi) = (%i) in (%c16) kinds "S" where(%in) writes(%a[%vi] : memref<10xf32>) {
      tensorir.store %x, %a[%vi] : memref<10xf32>
    }
  }
}

// CHECK-LABEL: tensorir.prim_func @loop_and_iteration_variable
tensorir.prim_func @loop_and_iteration_variable(%a: memref<8xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c8 {
    tensorir.block "b"(%vi) = (%i) in (%c8) kinds "S" reads(%a[%vi] : memref<8xf32>) writes(%b[%vi] : memref<8xf32>) {
      // vi is bound to i: `vi + 7 - i` is always 7, though apart they range
      // over [0, 14].
      %s = arith.addi %vi, %c7 : index
      %j = arith.subi %s, %i : index
      %x = tensorir.load %a[%vi] : memref<8xf32>
      tensorir.store %x, %b[%j] : memref<8xf32>
    }
  }
}
