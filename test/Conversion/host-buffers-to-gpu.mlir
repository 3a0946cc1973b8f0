// RUN: relax-opt %s --convert-host-buffers-to-gpu --split-input-file --verify-diagnostics | FileCheck %s

// The entry function copies its input in and its result out; intermediates
// and constants live on the device.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<?x4xf32>, %[[OUT:.*]]: memref<?x4xf32>)
// CHECK: %[[N:.*]] = memref.dim %[[X]], %c0
// CHECK: %[[DX:.*]] = gpu.alloc (%[[N]]) : memref<?x4xf32>
// CHECK: gpu.memcpy %[[DX]], %[[X]]
// CHECK: %[[M:.*]] = memref.dim %[[OUT]], %c0
// CHECK: %[[DOUT:.*]] = gpu.alloc (%[[M]]) : memref<?x4xf32>
// CHECK-NOT: gpu.memcpy
// CHECK: %[[G:.*]] = memref.get_global @__constant_0 : memref<4xf32>
// CHECK: %[[DG:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: gpu.memcpy %[[DG]], %[[G]]
// CHECK: %[[TMP:.*]] = gpu.alloc (%{{.*}}) : memref<?x4xf32>
// CHECK: call @kernel(%[[DX]], %[[DG]], %[[TMP]])
// CHECK: gpu.memcpy %[[DOUT]], %[[TMP]]
// CHECK: gpu.dealloc %[[TMP]]
// CHECK: gpu.memcpy %[[OUT]], %[[DOUT]]
// CHECK: gpu.dealloc %[[DX]]
// CHECK: gpu.dealloc %[[DOUT]]
// CHECK: gpu.dealloc %[[DG]]
// CHECK: return
module {
  memref.global "private" constant @__constant_0 : memref<4xf32> = dense<1.0>
  func.func private @kernel(%a: memref<?x4xf32>, %b: memref<4xf32>, %c: memref<?x4xf32>) {
    return
  }
  func.func @main(%x: memref<?x4xf32>, %out: memref<?x4xf32>) attributes {relax.num_inputs = 1 : i64} {
    %c0 = arith.constant 0 : index
    %n = memref.dim %x, %c0 : memref<?x4xf32>
    %g = memref.get_global @__constant_0 : memref<4xf32>
    %tmp = memref.alloc(%n) : memref<?x4xf32>
    func.call @kernel(%x, %g, %tmp) : (memref<?x4xf32>, memref<4xf32>, memref<?x4xf32>) -> ()
    memref.copy %tmp, %out : memref<?x4xf32> to memref<?x4xf32>
    memref.dealloc %tmp : memref<?x4xf32>
    return
  }
}

// -----

// A prim_func's buffers: allocated on the device by the host code; its
// arguments stay as they are (the caller passes device buffers).
// CHECK-LABEL: func.func private @stage
// CHECK-NOT: gpu.memcpy
// CHECK: %[[T:.*]] = gpu.alloc () : memref<8xf32>
// CHECK: gpu.launch
// CHECK: memref.store %{{.*}}, %[[T]]
// CHECK: gpu.dealloc %[[T]]
func.func private @stage(%a: memref<8xf32>) {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %tmp = memref.alloc() : memref<8xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %v = memref.load %a[%tx] : memref<8xf32>
    memref.store %v, %tmp[%tx] : memref<8xf32>
    gpu.terminator
  }
  memref.dealloc %tmp : memref<8xf32>
  return
}

// -----

func.func private @host_loop(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  // expected-error@+1 {{'memref.store' op in @host_loop accesses a buffer outside any GPU kernel; on the GPU path every loop nest must be bound to GPU threads (tensorir-gpu-default-schedule)}}
  memref.store %zero, %a[%c0] : memref<8xf32>
  return
}

// -----

func.func private @alloc_in_loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error@+1 {{'memref.alloc' op in @alloc_in_loop allocates inside a loop or kernel; only host code allocates device memory}}
    %tmp = memref.alloc() : memref<8xf32>
  }
  return
}

// -----

// relax.num_inputs is convert-relax-to-func's; text may hold any attribute.
// expected-error@+1 {{'func.func' op relax.num_inputs must be a signless integer in [0, 1], got 1 : ui8}}
func.func @num_inputs_unsigned(%x: memref<4xf32>) attributes {relax.num_inputs = 1 : ui8} {
  return
}
