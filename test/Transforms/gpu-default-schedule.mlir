// RUN: relax-opt %s --tensorir-gpu-default-schedule --split-input-file --verify-diagnostics | FileCheck %s

// A reduction: the spatial loops (i, j) are fused and split into 256-thread
// blocks; the reduction loop k runs inside each thread; the block is guarded.
// CHECK-LABEL: tensorir.prim_func @row_sum
// CHECK-DAG: %[[C512:.*]] = arith.constant 512 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK: tensorir.for %[[BX:.*]] = %{{.*}} to %[[C2]] thread_binding("blockIdx.x")
// CHECK: tensorir.for %[[TX:.*]] = %{{.*}} to %[[C256]] thread_binding("threadIdx.x")
// CHECK: %[[MUL:.*]] = arith.muli %[[BX]], %[[C256]]
// CHECK: %[[IDX:.*]] = arith.addi %[[MUL]], %[[TX]]
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[IDX]], %[[C512]]
// CHECK: %[[J:.*]] = arith.remsi %[[IDX]], %{{.*}}
// CHECK: %[[I:.*]] = arith.floordivsi %[[IDX]], %{{.*}}
// CHECK: tensorir.for %[[K:.*]] = %{{.*}} to %{{.*}} {
// CHECK: tensorir.block "sum"({{.*}}) = (%[[I]], %[[J]], %[[K]]) {{.*}} kinds "SSR" where(%[[IN]])
tensorir.prim_func @row_sum(%a: memref<16x32x8xf32>, %out: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  tensorir.for %i = %c0 to %c16 {
    tensorir.for %j = %c0 to %c32 {
      tensorir.for %k = %c0 to %c8 {
        tensorir.block "sum"(%vi, %vj, %vk) = (%i, %j, %k) in (%c16, %c32, %c8) kinds "SSR"
            reads(%a[%vi, %vj, %vk] : memref<16x32x8xf32>) writes(%out[%vi, %vj] : memref<16x32xf32>) {
          tensorir.init {
            %zero = arith.constant 0.0 : f32
            tensorir.store %zero, %out[%vi, %vj] : memref<16x32xf32>
          }
          %0 = tensorir.load %out[%vi, %vj] : memref<16x32xf32>
          %1 = tensorir.load %a[%vi, %vj, %vk] : memref<16x32x8xf32>
          %2 = arith.addf %0, %1 : f32
          tensorir.store %2, %out[%vi, %vj] : memref<16x32xf32>
        }
      }
    }
  }
}

// -----

// Two stages, two kernels in order; a space of 10 takes one block of 10
// threads, and a block's own predicate is kept.
// CHECK-LABEL: tensorir.prim_func @two_stages
// CHECK: %[[TMP:.*]] = tensorir.alloc_buffer
// CHECK: tensorir.for {{.*}} thread_binding("blockIdx.x")
// CHECK: tensorir.for {{.*}} to %[[C10:.*]] thread_binding("threadIdx.x")
// CHECK: tensorir.block "first"
// CHECK: tensorir.for {{.*}} thread_binding("blockIdx.x")
// CHECK: tensorir.for {{.*}} thread_binding("threadIdx.x")
// CHECK: %[[IN:.*]] = arith.cmpi slt
// CHECK: %[[BOTH:.*]] = arith.andi %{{.*}}, %[[IN]]
// CHECK: tensorir.block "second"{{.*}} where(%[[BOTH]])
tensorir.prim_func @two_stages(%a: memref<10xf32>, %out: memref<10xf32>) {
  %c0 = arith.constant 0 : index
  %c5 = arith.constant 5 : index
  %c10 = arith.constant 10 : index
  %tmp = tensorir.alloc_buffer : memref<10xf32>
  tensorir.for %i = %c0 to %c10 {
    tensorir.block "first"(%vi) = (%i) in (%c10) kinds "S"
        reads(%a[%vi] : memref<10xf32>) writes(%tmp[%vi] : memref<10xf32>) {
      %0 = tensorir.load %a[%vi] : memref<10xf32>
      tensorir.store %0, %tmp[%vi] : memref<10xf32>
    }
  }
  tensorir.for %i = %c0 to %c10 {
    %lt = arith.cmpi ult, %i, %c5 : index
    tensorir.block "second"(%vi) = (%i) in (%c10) kinds "S" where(%lt)
        reads(%tmp[%vi] : memref<10xf32>) writes(%out[%vi] : memref<10xf32>) {
      %0 = tensorir.load %tmp[%vi] : memref<10xf32>
      tensorir.store %0, %out[%vi] : memref<10xf32>
    }
  }
}

// -----

// A full reduction has no spatial loop: one thread runs it.
// CHECK-LABEL: tensorir.prim_func @total
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: tensorir.for {{.*}} thread_binding("blockIdx.x")
// CHECK: tensorir.for {{.*}} thread_binding("threadIdx.x")
// CHECK: arith.cmpi slt, %{{.*}}, %[[ONE]]
// CHECK: tensorir.for %{{.*}} = %{{.*}} to %{{.*}} {
// CHECK: tensorir.block "total"
tensorir.prim_func @total(%a: memref<100xf32>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c100 = arith.constant 100 : index
  tensorir.for %k = %c0 to %c100 {
    tensorir.block "total"(%vk) = (%k) in (%c100) kinds "R"
        reads(%a[%vk] : memref<100xf32>) writes(%out[] : memref<f32>) {
      tensorir.init {
        %zero = arith.constant 0.0 : f32
        tensorir.store %zero, %out[] : memref<f32>
      }
      %0 = tensorir.load %out[] : memref<f32>
      %1 = tensorir.load %a[%vk] : memref<100xf32>
      %2 = arith.addf %0, %1 : f32
      tensorir.store %2, %out[] : memref<f32>
    }
  }
}

// -----

// Already bound to threads: left as written.
// CHECK-LABEL: tensorir.prim_func @scheduled
// CHECK: tensorir.for %[[T:.*]] = %{{.*}} to %{{.*}} thread_binding("threadIdx.x") {
// CHECK-NEXT: tensorir.block "copy"
tensorir.prim_func @scheduled(%a: memref<32xf32>, %out: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  tensorir.for %t = %c0 to %c32 thread_binding("threadIdx.x") {
    tensorir.block "copy"(%vi) = (%t) in (%c32) kinds "S"
        reads(%a[%vi] : memref<32xf32>) writes(%out[%vi] : memref<32xf32>) {
      %0 = tensorir.load %a[%vi] : memref<32xf32>
      tensorir.store %0, %out[%vi] : memref<32xf32>
    }
  }
}

// -----

tensorir.prim_func @store_outside_block(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  tensorir.for %i = %c0 to %c4 {
    // expected-error@+1 {{'tensorir.store' op is outside any tensorir.block, which the GPU schedule cannot guard}}
    tensorir.store %zero, %out[%i] : memref<4xf32>
  }
}
