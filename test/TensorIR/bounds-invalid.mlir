// The verifier's bounds proof: one case per rule. Each index is evaluated
// over the loops' and block iteration variables' ranges; an affine index
// whose range leaves the buffer (or the block's declared region) is an
// access some iteration makes out of bounds.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

// TVM's `b[vi + T.int64(4)]` into an 8-element buffer: a heap overflow at run time.
tensorir.prim_func @store_past_end(%a: memref<8xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c8 {
    tensorir.block "b"(%vi) = (%i) in (%c8) kinds "S" reads(%a[%vi] : memref<8xf32>) writes(%b[%vi] : memref<8xf32>) {
      %x = tensorir.load %a[%vi] : memref<8xf32>
      %j = arith.addi %vi, %c4 : index
      // expected-error@+1 {{'tensorir.store' op index #0 of buffer argument #1 of @store_past_end (memref<8xf32>) takes values in [4, 11], outside its extent 8 (valid: [0, 7])}}
      tensorir.store %x, %b[%j] : memref<8xf32>
    }
  }
}

// -----

tensorir.prim_func @load_far(%a: memref<8xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c1000 = arith.constant 1000 : index
  tensorir.for %i = %c0 to %c8 {
    tensorir.block "b"(%vi) = (%i) in (%c8) kinds "S" reads(%a[%vi] : memref<8xf32>) writes(%b[%vi] : memref<8xf32>) {
      %j = arith.addi %vi, %c1000 : index
      // expected-error@+1 {{'tensorir.load' op index #0 of buffer argument #0 of @load_far (memref<8xf32>) takes values in [1000, 1007], outside its extent 8 (valid: [0, 7])}}
      %x = tensorir.load %a[%j] : memref<8xf32>
      tensorir.store %x, %b[%vi] : memref<8xf32>
    }
  }
}

// -----

tensorir.prim_func @load_before_start(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %k = %c0 to %c8 {
      tensorir.block "b"(%vi, %vk) = (%i, %k) in (%c4, %c8) kinds "SS" reads(%a[%vi, %vk] : memref<4x8xf32>) writes(%b[%vi, %vk] : memref<4x8xf32>) {
        %j = arith.subi %vk, %c1 : index
        // expected-error@+1 {{'tensorir.load' op index #1 of buffer argument #0 of @load_before_start (memref<4x8xf32>) takes values in [-1, 6], outside its extent 8 (valid: [0, 7])}}
        %x = tensorir.load %a[%vi, %j] : memref<4x8xf32>
        tensorir.store %x, %b[%vi, %vk] : memref<4x8xf32>
      }
    }
  }
}

// -----

// Accesses outside any block are bounded by the loops.
tensorir.prim_func @loop_store(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c10 = arith.constant 10 : index
  %x = arith.constant 1.0 : f32
  tensorir.for %i = %c0 to %c10 {
    // expected-error@+1 {{'tensorir.store' op index #0 of buffer argument #0 of @loop_store (memref<8xf32>) takes values in [0, 9], outside its extent 8 (valid: [0, 7])}}
    tensorir.store %x, %a[%i] : memref<8xf32>
  }
}

// -----

// Inside the buffer, but outside what the block declares it writes.
tensorir.prim_func @store_outside_writes(%a: memref<8xf32>, %b: memref<9xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c8 {
    // expected-note@+1 {{block "shift" is here}}
    tensorir.block "shift"(%vi) = (%i) in (%c8) kinds "S" reads(%a[%vi] : memref<8xf32>) writes(%b[%vi] : memref<9xf32>) {
      %x = tensorir.load %a[%vi] : memref<8xf32>
      %j = arith.addi %vi, %c1 : index
      // expected-error@+1 {{'tensorir.store' op index #0 of buffer argument #1 of @store_outside_writes (memref<9xf32>) takes values in [1, 8], outside [0, 7] that block "shift" declares in its writes}}
      tensorir.store %x, %b[%j] : memref<9xf32>
    }
  }
}

// -----

tensorir.prim_func @load_outside_reads(%a: memref<16xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c8 {
    // expected-note@+1 {{block "b" is here}}
    tensorir.block "b"(%vi) = (%i) in (%c8) kinds "S" reads(%a[%vi] : memref<16xf32>) writes(%b[%vi] : memref<8xf32>) {
      %j = arith.addi %vi, %c8 : index
      // expected-error@+1 {{'tensorir.load' op index #0 of buffer argument #0 of @load_outside_reads (memref<16xf32>) takes values in [8, 15], outside [0, 7] that block "b" declares in its reads and writes}}
      %x = tensorir.load %a[%j] : memref<16xf32>
      tensorir.store %x, %b[%vi] : memref<8xf32>
    }
  }
}

// -----

tensorir.prim_func @negative_loop_extent(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %cm5 = arith.constant -5 : index
  // expected-error@+1 {{'tensorir.for' op has a negative extent -5 (from 0 to -5)}}
  tensorir.for %i = %c0 to %cm5 {
  }
}

// -----

tensorir.prim_func @negative_block_extent(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %cm5 = arith.constant -5 : index
  // expected-error@+1 {{'tensorir.block' op iteration variable #0 has a negative extent -5}}
  tensorir.block "b"(%vi) = (%c0) in (%cm5) kinds "S" writes(%a[%vi] : memref<8xf32>) {
  }
}

// -----

tensorir.prim_func @division_by_zero(%a: memref<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'arith.floordivsi' op divides by the constant zero}}
  %q = arith.floordivsi %n, %c0 : index
}

// -----

tensorir.prim_func @remainder_by_zero(%a: memref<8xi32>, %x: i32) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0 : i32
  // expected-error@+1 {{'arith.remsi' op divides by the constant zero}}
  %r = arith.remsi %x, %zero : i32
  tensorir.store %r, %a[%c0] : memref<8xi32>
}
