// One case per verifier rule of the tensorir dialect.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

tensorir.prim_func @undeclared_write(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  tensorir.for %i = %c0 to %c4 {
    // expected-note@+1 {{block "T_add" is here}}
    tensorir.block "T_add"(%vi) = (%i) in (%c4) kinds "S" reads(%a[%vi] : memref<4xf32>) writes(%b[%vi] : memref<4xf32>) {
      %x = tensorir.load %a[%vi] : memref<4xf32>
      // expected-error@+1 {{'tensorir.store' op writes buffer argument #2 of @undeclared_write (memref<4xf32>), which block "T_add" does not declare in its writes}}
      tensorir.store %x, %c[%vi] : memref<4xf32>
    }
  }
}

// -----

tensorir.prim_func @undeclared_read(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %tmp = tensorir.alloc_buffer : memref<4xf32>
  tensorir.for %i = %c0 to %c4 {
    // expected-note@+1 {{block "copy" is here}}
    tensorir.block "copy"(%vi) = (%i) in (%c4) kinds "S" reads(%a[%vi] : memref<4xf32>) writes(%b[%vi] : memref<4xf32>) {
      // expected-error@+1 {{'tensorir.load' op reads the buffer defined by 'tensorir.alloc_buffer' (memref<4xf32>), which block "copy" does not declare in its reads or writes}}
      %x = tensorir.load %tmp[%vi] : memref<4xf32>
      tensorir.store %x, %b[%vi] : memref<4xf32>
    }
  }
}

// -----

tensorir.prim_func @iter_kinds_count(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.block' op iter_kinds "SS" must give one kind per iteration variable (1)}}
  tensorir.block "b"(%vi) = (%c0) in (%c4) kinds "SS" writes(%a[%vi] : memref<4xf32>) {
  }
}

// -----

tensorir.prim_func @iter_kinds_letter(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.block' op iter_kinds "X" may hold only 'S' (spatial) and 'R' (reduction)}}
  tensorir.block "b"(%vi) = (%c0) in (%c4) kinds "X" writes(%a[%vi] : memref<4xf32>) {
  }
}

// -----

tensorir.prim_func @region_rank(%a: memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.block' op write region #0 has 1 index(es) for a buffer of rank 2}}
  tensorir.block "b"(%vi) = (%c0) in (%c4) kinds "S" writes(%a[%vi] : memref<4x4xf32>) {
  }
}

// -----

tensorir.prim_func @region_index(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{a region index may use only the block's iteration variables}}
  tensorir.block "b"(%vi) = (%c0) in (%c4) kinds "S" writes(%a[%c0] : memref<4xf32>) {
  }
}

// -----

tensorir.prim_func @bindings(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.block' op has 1 iteration variable(s) but 2 binding(s) and 1 extent(s)}}
  tensorir.block "b"(%vi) = (%c0, %c0) in (%c4) kinds "S" writes(%a[%vi] : memref<4xf32>) {
  }
}

// -----

tensorir.prim_func @init_not_first(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  tensorir.block "b"(%vi) = (%c0) in (%c4) kinds "R" writes(%a[%vi] : memref<4xf32>) {
    %zero = arith.constant 0.0 : f32
    // expected-error@+1 {{'tensorir.init' op must be the first op of its block's body}}
    tensorir.init {
      tensorir.store %zero, %a[%vi] : memref<4xf32>
    }
  }
}

// -----

tensorir.prim_func @init_outside(%a: memref<4xf32>) {
  // expected-error@+1 {{'tensorir.init' op expects parent op 'tensorir.block'}}
  tensorir.init {
  }
}

// -----

tensorir.prim_func @load_indices(%a: memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'tensorir.load' op has 1 index(es) for a buffer of rank 2}}
  %x = tensorir.load %a[%c0] : memref<4x4xf32>
}

// -----

tensorir.prim_func @store_indices(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = arith.constant 1.0 : f32
  // expected-error@+1 {{'tensorir.store' op has 2 index(es) for a buffer of rank 1}}
  tensorir.store %x, %a[%c0, %c0] : memref<4xf32>
}

// -----

tensorir.prim_func @store_type(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = arith.constant 1 : i32
  // expected-error@+1 {{'tensorir.store' op failed to verify that stored value type is the buffer's element type}}
  "tensorir.store"(%x, %a, %c0) : (i32, memref<4xf32>, index) -> ()
}

// -----

// expected-error@+1 {{'tensorir.prim_func' op returns nothing: outputs are written into buffer arguments, but the type declares 1 result(s)}}
tensorir.prim_func @results(%a: memref<4xf32>) -> f32 {
}

// -----

// expected-error@+1 {{'tensorir.prim_func' op argument #0 must be a buffer (memref) or a scalar, got 'tensor<4xf32>'}}
tensorir.prim_func @tensor_arg(%a: tensor<4xf32>) {
}

// -----

tensorir.prim_func @alloc_scope() {
  // expected-error@+1 {{'tensorir.alloc_buffer' op unknown storage scope 'texture'; expected one of global, shared, shared.dyn, local, warp}}
  %b = tensorir.alloc_buffer scope("texture") : memref<4xf32>
}

// -----

tensorir.prim_func @alloc_dynamic() {
  // expected-error@+1 {{'tensorir.alloc_buffer' op has 0 dynamic size operand(s) for 1 dynamic dimension(s) of 'memref<?xf32>'}}
  %b = tensorir.alloc_buffer : memref<?xf32>
}

// -----

tensorir.prim_func @thread_missing() {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.for' op a thread_binding loop needs a thread axis}}
  "tensorir.for"(%c0, %c4) <{kind = #tensorir.for_kind<thread_binding>}> ({
  ^bb0(%i: index):
  }) : (index, index) -> ()
}

// -----

tensorir.prim_func @thread_on_serial() {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{'tensorir.for' op only a thread_binding loop names a thread axis}}
  tensorir.for %i = %c0 to %c4 attributes {thread = "threadIdx.x"} {
  }
}

// -----

tensorir.prim_func @thread_syntax() {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error@+1 {{thread_binding needs a thread axis, e.g. thread_binding("threadIdx.x")}}
  tensorir.for %i = %c0 to %c4 thread_binding {
  }
}
