// RUN: relax-opt %s --relax-legalize-ops 2>/dev/null | FileCheck %s
// Running the pass twice changes nothing more.
// RUN: relax-opt %s --relax-legalize-ops 2>/dev/null > %t.once
// RUN: relax-opt %t.once --relax-legalize-ops 2>/dev/null > %t.twice
// RUN: diff %t.once %t.twice
// RUN: relax-opt %s --relax-legalize-ops -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN

// CHECK-LABEL: relax.function @ops
relax.function @ops(%x: tensor<4x1xf32>, %y: tensor<3xf32>, %w: tensor<2x3x5xf32>, %v: tensor<5xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[ADD:.*]] = relax.call_tir @add(%{{.*}}, %{{.*}}) : (tensor<4x1xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %0 = relax.add %x, %y : tensor<4x1xf32>, tensor<3xf32> -> tensor<4x3xf32>
  // CHECK: relax.call_tir @relu(%[[ADD]]) : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = relax.nn.relu %0 : tensor<4x3xf32>
  // CHECK: relax.call_tir @transpose(%{{.*}}) : (tensor<2x3x5xf32>) -> tensor<5x2x3xf32>
  %2 = relax.permute_dims %w axes [2, 0, 1] : tensor<2x3x5xf32> -> tensor<5x2x3xf32>
  // CHECK: relax.call_tir @matmul(%{{.*}}, %{{.*}}) : (tensor<2x3x5xf32>, tensor<5xf32>) -> tensor<2x3xf32>
  %3 = relax.matmul %w, %v : tensor<2x3x5xf32>, tensor<5xf32> -> tensor<2x3xf32>
  // CHECK: relax.call_tir @add1(
  %4 = relax.add %3, %3 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  relax.return %4 : tensor<2x3xf32>
}

// Symbolic dimensions: loops run to the output buffer's size, intermediate
// buffers take theirs from the input; an operator whose legalization is not
// ready for them (here a softmax along the symbolic axis) stays, with a
// warning.
// CHECK-LABEL: relax.function @symbolic
relax.function @symbolic(%x: tensor<?x4xf32, #relax.sym<["n"]>>) -> tensor<?x4xf32, #relax.sym<["n"]>> {
  // CHECK: relax.call_tir @relu1(%{{.*}}) : (tensor<?x4xf32, #relax.sym<["n"]>>) -> tensor<?x4xf32, #relax.sym<["n"]>>
  %0 = relax.nn.relu %x : tensor<?x4xf32, #relax.sym<["n"]>>
  // CHECK: relax.call_tir @softmax(
  %1 = relax.nn.softmax %0 : tensor<?x4xf32, #relax.sym<["n"]>>
  // CHECK: relax.nn.softmax %{{.*}} axis 0
  // WARN: warning: LegalizeOps: 'relax.nn.softmax' with symbolic shapes is not legalized yet; left as is
  %2 = relax.nn.softmax %1 axis 0 : tensor<?x4xf32, #relax.sym<["n"]>>
  relax.return %2 : tensor<?x4xf32, #relax.sym<["n"]>>
}

// Elementwise operators: TVM's names, one block each.
// CHECK-LABEL: relax.function @elementwise
relax.function @elementwise(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  // CHECK: relax.call_tir @subtract(
  %0 = relax.subtract %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  // CHECK: relax.call_tir @sigmoid(
  %1 = relax.sigmoid %0 : tensor<4xf32>
  // CHECK: relax.call_tir @clip(
  %2 = relax.clip %1 min(0.0) max(1.0) : tensor<4xf32>
  // CHECK: relax.call_tir @less(
  %3 = relax.less %2, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  relax.return %3 : tensor<4xi1>
}

// Broadcasting reads index 0 along stretched dimensions.
// CHECK-LABEL: tensorir.prim_func private @add(
// CHECK-SAME: %[[A:.*]]: memref<4x1xf32>, %[[B:.*]]: memref<3xf32>, %[[OUT:.*]]: memref<4x3xf32>) attributes {tir.noalias = true}
// CHECK: tensorir.for %[[I:.*]] = %c0 to %c4 {
// CHECK: tensorir.for %[[J:.*]] = %c0 to %c3 {
// CHECK: tensorir.block "T_add"(%[[V0:.*]], %[[V1:.*]]) = (%[[I]], %[[J]]) in (%c4, %c3) kinds "SS"
// CHECK-SAME: reads(%[[A]][%[[V0]], 0] : memref<4x1xf32>, %[[B]][%[[V1]]] : memref<3xf32>) writes(%[[OUT]][%[[V0]], %[[V1]]] : memref<4x3xf32>)
// CHECK: arith.addf

// CHECK-LABEL: tensorir.prim_func private @relu(
// CHECK: tensorir.block "compute"
// CHECK: arith.maximumf

// Output dimension i of permute_dims is input dimension axes[i].
// CHECK-LABEL: tensorir.prim_func private @transpose(
// CHECK: tensorir.block "T_transpose"(%[[T0:.*]], %[[T1:.*]], %[[T2:.*]]) = {{.*}} kinds "SSS" reads(%{{.*}}[%[[T1]], %[[T2]], %[[T0]]] : memref<2x3x5xf32>)

// A vector rhs: the reduction runs over the last lhs dimension.
// CHECK-LABEL: tensorir.prim_func private @matmul(
// CHECK: tensorir.block "matmul"(%[[M0:.*]], %[[M1:.*]], %[[K:.*]]) = {{.*}} kinds "SSR" reads(%{{.*}}[%[[M0]], %[[M1]], %[[K]]] : memref<2x3x5xf32>, %{{.*}}[%[[K]]] : memref<5xf32>)
// CHECK-NEXT: tensorir.init {
// CHECK: arith.mulf
// CHECK: arith.addf

// The symbolic extent is read once, from the first buffer that names it;
// the buffers carry the names (TVMScript's T.match_buffer).
// CHECK-LABEL: tensorir.prim_func private @relu1(
// CHECK-SAME: %[[X:arg[0-9]+]]: memref<?x4xf32> {relax.sym = #relax.sym<["n"]>}, %{{.*}}: memref<?x4xf32> {relax.sym = #relax.sym<["n"]>})
// CHECK: %[[N:.*]] = memref.dim %[[X]], %c0 : memref<?x4xf32>
// CHECK: tensorir.for %{{.*}} = %c0 to %[[N]] {

// CHECK-LABEL: tensorir.prim_func private @softmax(
// CHECK-SAME: %[[X:arg[0-9]+]]: memref<?x4xf32> {relax.sym = #relax.sym<["n"]>}, %{{.*}}: memref<?x4xf32> {relax.sym = #relax.sym<["n"]>})
// CHECK: %[[N:dim[_0-9]*]] = memref.dim %[[X]], %c0 : memref<?x4xf32>
// CHECK: %[[M:.*]] = tensorir.alloc_buffer(%[[N]]) : memref<?xf32>
// CHECK: tensorir.for %{{.*}} = %c0 to %[[N]] {
// CHECK-LABEL: tensorir.prim_func private @subtract(
// CHECK: tensorir.block "T_subtract"
// CHECK: arith.subf
// CHECK-LABEL: tensorir.prim_func private @sigmoid(
// CHECK: tensorir.block "compute"
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK-LABEL: tensorir.prim_func private @clip(
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK-LABEL: tensorir.prim_func private @less(
// CHECK-SAME: memref<4xi1>
// CHECK: arith.cmpf olt

