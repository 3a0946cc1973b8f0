// LegalizeOps of the shape-manipulation operators: TVM's function, block and
// buffer names, loops ax0, ..., and the regions each block reads and writes.
// RUN: relax-opt %s --relax-legalize-ops --mlir-use-nameloc-as-prefix 2>/dev/null | FileCheck %s
// RUN: relax-opt %s --relax-legalize-ops --relax-annotate-tir-op-pattern 2>/dev/null | FileCheck %s --check-prefix=PATTERN
// RUN: relax-opt %s --relax-legalize-ops -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN

// CHECK-LABEL: relax.function @ops
relax.function @ops(%x: tensor<2x3x4xf32>, %i: tensor<2x2xi64>, %c: tensor<2x1xi1>, %y: tensor<3xf32>,
                    %b: tensor<4xi1>, %h: tensor<4xf16>, %p: tensor<2x3xf32>) -> tensor<2x12xf32> {
  // CHECK: relax.call_tir @reshape(%{{.*}}) : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %0 = relax.reshape %x shape [2, -1] : tensor<2x3x4xf32> -> tensor<2x12xf32>
  // CHECK: relax.call_tir @reshape1(%{{.*}}) : (tensor<2x3x4xf32>) -> tensor<24xf32>
  %1 = relax.flatten %x : tensor<2x3x4xf32> -> tensor<24xf32>
  // CHECK: relax.call_tir @expand_dims(
  %2 = relax.expand_dims %x axis [1] : tensor<2x3x4xf32> -> tensor<2x1x3x4xf32>
  // CHECK: relax.call_tir @squeeze(
  %3 = relax.squeeze %2 : tensor<2x1x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK: relax.call_tir @reshape2(
  %r = relax.reshape %x shape [2, 3, 4] : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK: relax.call_tir @strided_slice(
  %f = relax.strided_slice %x axes [1] begin [0] end [1] : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  // CHECK: relax.call_tir @reshape3(
  %g = relax.reshape %f shape [2, 4] : tensor<2x1x4xf32> -> tensor<2x4xf32>
  // CHECK: relax.call_tir @concatenate(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<2x12xf32>) -> tensor<2x15xf32>
  %5 = relax.concat %p, %0 axis -1 : tensor<2x3xf32>, tensor<2x12xf32> -> tensor<2x15xf32>
  // CHECK: relax.call_tir @split(%{{.*}}) : (tensor<2x3x4xf32>) -> (tensor<2x3x2xf32>, tensor<2x3x2xf32>)
  %6:2 = relax.split %x sections(2) axis 2 : tensor<2x3x4xf32> -> tensor<2x3x2xf32>, tensor<2x3x2xf32>
  // CHECK: relax.call_tir @split1(%{{.*}}) : (tensor<2x3x4xf32>) -> (tensor<2x1x4xf32>, tensor<2x2x4xf32>)
  %7:2 = relax.split %x indices [1] axis 1 : tensor<2x3x4xf32> -> tensor<2x1x4xf32>, tensor<2x2x4xf32>
  // CHECK: relax.call_tir @strided_slice1(
  %8 = relax.strided_slice %x axes [1, 2] begin [-1, 1] end [-100, 4] strides [-1, 2] : tensor<2x3x4xf32> -> tensor<2x3x2xf32>
  // CHECK: relax.call_tir @take(%{{.*}}, %{{.*}}) : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x2x2x4xf32>
  %9 = relax.take %x, %i axis 1 : tensor<2x3x4xf32>, tensor<2x2xi64> -> tensor<2x2x2x4xf32>
  // CHECK: relax.call_tir @broadcast_to(
  %10 = relax.broadcast_to %y shape [2, 3] : tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: relax.call_tir @full() : () -> tensor<2x3xf32>
  %11 = relax.full shape [2, 3] fill_value(1.5) dtype(f32) : tensor<2x3xf32>
  // CHECK: relax.call_tir @zeros() : () -> tensor<3xi32>
  %12 = relax.zeros shape [3] dtype(i32) : tensor<3xi32>
  // CHECK: relax.call_tir @ones() : () -> tensor<2xi1>
  %13 = relax.ones shape [2] dtype(i1) : tensor<2xi1>
  // CHECK: relax.call_tir @where(
  %14 = relax.where %c, %y, %11 : tensor<2x1xi1>, tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: relax.call_tir @cast(
  %15 = relax.astype %b dtype(f32) : tensor<4xi1> -> tensor<4xf32>
  // CHECK: relax.call_tir @cast1(
  %16 = relax.astype %15 dtype(i1) : tensor<4xf32> -> tensor<4xi1>
  // CHECK: relax.call_tir @cast2(
  %17 = relax.astype %h dtype(bf16) : tensor<4xf16> -> tensor<4xbf16>
  relax.return %0 : tensor<2x12xf32>
}

// Symbolic shapes are left for later, with a warning.
// CHECK-LABEL: relax.function @symbolic
relax.function @symbolic(%x: tensor<?x4xf32, #relax.sym<["n"]>>) -> tensor<?xf32> {
  // CHECK: relax.flatten
  // WARN: warning: LegalizeOps: 'relax.flatten' with symbolic shapes is not legalized yet; left as is
  %0 = relax.flatten %x : tensor<?x4xf32, #relax.sym<["n"]>> -> tensor<?xf32>
  relax.return %0 : tensor<?xf32>
}

// The row-major position of an output index, read from the input: the
// dimensions are matched in groups of equal element count, {3, 4} with {12}.
// CHECK-LABEL: tensorir.prim_func private @reshape(
// CHECK-SAME: %[[X:.*]]: memref<2x3x4xf32>, %[[OUT:T_reshape]]: memref<2x12xf32>)
// CHECK: tensorir.for %ax0 = %c0 to %c2 {
// CHECK: tensorir.for %ax1 = %c0 to %c12 {
// CHECK: tensorir.block "T_reshape"(%[[V0:.*]], %[[V1:.*]]) = (%ax0, %ax1) in (%c2, %c12) kinds "SS"
// CHECK-SAME: reads(%[[X]][%[[V0]], %[[V1]] floordiv 4, %[[V1]] mod 4] : memref<2x3x4xf32>)
// CHECK-SAME: writes(%[[OUT]][%[[V0]], %[[V1]]] : memref<2x12xf32>)
// CHECK: arith.floordivsi
// CHECK: arith.remsi
// CHECK: tensorir.load %[[X]]

// flatten is TVM's reshape to the flat shape.
// CHECK-LABEL: tensorir.prim_func private @reshape1(
// CHECK: tensorir.block "T_reshape"(%[[F:.*]]) = {{.*}} reads(%{{.*}}[%[[F]] floordiv 12, (%[[F]] floordiv 4) mod 3, %[[F]] mod 4] : memref<2x3x4xf32>)

// CHECK-LABEL: tensorir.prim_func private @expand_dims(
// CHECK-SAME: %{{.*}}: memref<2x3x4xf32>, %{{.*}}: memref<2x1x3x4xf32>)
// CHECK: tensorir.block "T_expand_dims"(%[[E0:.*]], %[[E1:.*]], %[[E2:.*]], %[[E3:.*]]) = {{.*}} kinds "SSSS" reads(%{{.*}}[%[[E0]], %[[E2]], %[[E3]]] : memref<2x3x4xf32>)

// The squeezed dimension reads index 0.
// CHECK-LABEL: tensorir.prim_func private @squeeze(
// CHECK: tensorir.block "T_squeeze"(%[[S0:.*]], %[[S1:.*]], %[[S2:.*]]) = {{.*}} reads(%{{.*}}[%[[S0]], 0, %[[S1]], %[[S2]]] : memref<2x1x3x4xf32>)

// The same shape: each input index is its output index.
// CHECK-LABEL: tensorir.prim_func private @reshape2(
// CHECK: tensorir.block "T_reshape"(%[[R0:.*]], %[[R1:.*]], %[[R2:.*]]) = {{.*}} reads(%{{.*}}[%[[R0]], %[[R1]], %[[R2]]] : memref<2x3x4xf32>)

// An extent-1 dimension reads 0 and takes no part in the position.
// CHECK-LABEL: tensorir.prim_func private @reshape3(
// CHECK: tensorir.block "T_reshape"(%[[Q0:.*]], %[[Q1:.*]]) = {{.*}} reads(%{{.*}}[%[[Q0]], 0, %[[Q1]]] : memref<2x1x4xf32>)

// One block per input, each writing its slice of T_concat.
// CHECK-LABEL: tensorir.prim_func private @concatenate(
// CHECK-SAME: %[[A:.*]]: memref<2x3xf32>, %[[B:.*]]: memref<2x12xf32>, %[[CAT:T_concat]]: memref<2x15xf32>)
// CHECK: tensorir.block "T_concat"(%[[C0:.*]], %[[C1:.*]]) = {{.*}} in (%c2, %c3) kinds "SS"
// CHECK-SAME: reads(%[[A]][%[[C0]], %[[C1]]] : memref<2x3xf32>) writes(%[[CAT]][%[[C0]], %[[C1]]] : memref<2x15xf32>)
// CHECK: tensorir.block "T_concat_1"(%[[D0:.*]], %[[D1:.*]]) = {{.*}} in (%c2, %c12) kinds "SS"
// CHECK-SAME: reads(%[[B]][%[[D0]], %[[D1]]] : memref<2x12xf32>) writes(%[[CAT]][%[[D0]], %[[D1]] + 3] : memref<2x15xf32>)

// One block and output per section, named as TVM's topi.split names them.
// CHECK-LABEL: tensorir.prim_func private @split(
// CHECK-SAME: %{{.*}}: memref<2x3x4xf32>, %[[S:T_split_sections]]: memref<2x3x2xf32>, %[[S_1:T_split_sections_1]]: memref<2x3x2xf32>)
// CHECK: tensorir.block "T_split_sections"(%{{.*}}) = {{.*}} writes(%[[S]][
// CHECK: tensorir.block "T_split_sections_1"(%[[P0:.*]], %[[P1:.*]], %[[P2:.*]]) = {{.*}} reads(%{{.*}}[%[[P0]], %[[P1]], %[[P2]] + 2] : memref<2x3x4xf32>) writes(%[[S_1]][

// CHECK-LABEL: tensorir.prim_func private @split1(
// CHECK-SAME: %T_split: memref<2x1x4xf32>, %T_split_1: memref<2x2x4xf32>)
// CHECK: tensorir.block "T_split"(
// CHECK: tensorir.block "T_split_1"(%{{.*}}, %[[T1:.*]], %{{.*}}) = {{.*}} reads(%{{.*}}[%{{.*}}, %[[T1]] + 1, %{{.*}}] : memref<2x3x4xf32>)

// x[:, -1:-100:-1, 1:4:2]: start + index * stride.
// CHECK-LABEL: tensorir.prim_func private @strided_slice1(
// CHECK-SAME: %{{.*}}: memref<2x3x4xf32>, %T_strided_slice_with_axes: memref<2x3x2xf32>)
// CHECK: tensorir.block "T_strided_slice_with_axes"(%[[L0:.*]], %[[L1:.*]], %[[L2:.*]]) = {{.*}} reads(%{{.*}}[%[[L0]], -%[[L1]] + 2, %[[L2]] * 2 + 1] : memref<2x3x4xf32>)

// The gathered index is loaded and cast; the data read's region gives 0 along
// the axis, and the pattern (injective) is stated.
// CHECK-LABEL: tensorir.prim_func private @take(
// CHECK-SAME: %[[DATA:.*]]: memref<2x3x4xf32>, %[[IDX:.*]]: memref<2x2xi64>, %[[TAKE:T_take]]: memref<2x2x2x4xf32>) attributes {op_pattern = 2 : i64, tir.noalias = true}
// CHECK: tensorir.block "T_take"(%[[K0:.*]], %[[K1:.*]], %[[K2:.*]], %[[K3:.*]]) = {{.*}} kinds "SSSS"
// CHECK-SAME: reads(%[[IDX]][%[[K1]], %[[K2]]] : memref<2x2xi64>, %[[DATA]][%[[K0]], 0, %[[K3]]] : memref<2x3x4xf32>)
// CHECK-SAME: writes(%[[TAKE]][%[[K0]], %[[K1]], %[[K2]], %[[K3]]] : memref<2x2x2x4xf32>)
// CHECK: %[[LOADED:.*]] = tensorir.load %[[IDX]][%[[K1]], %[[K2]]]
// CHECK: %[[POS:.*]] = arith.index_cast %[[LOADED]] : i64 to index
// CHECK: tensorir.load %[[DATA]][%[[K0]], %[[POS]], %[[K3]]]

// CHECK-LABEL: tensorir.prim_func private @broadcast_to(
// CHECK: tensorir.block "T_broadcast_to"(%{{.*}}, %[[BC:.*]]) = {{.*}} reads(%{{.*}}[%[[BC]]] : memref<3xf32>)

// CHECK-LABEL: tensorir.prim_func private @full(
// CHECK-SAME: %[[FULL:T_full]]: memref<2x3xf32>)
// CHECK: tensorir.block "T_full"(%{{.*}}) = {{.*}} kinds "SS" writes(%[[FULL]][
// CHECK: arith.constant 1.500000e+00 : f32
// CHECK-LABEL: tensorir.prim_func private @zeros(
// CHECK: tensorir.block "T_full"
// CHECK: arith.constant 0 : i32
// CHECK-LABEL: tensorir.prim_func private @ones(
// CHECK: tensorir.block "T_full"
// CHECK: arith.constant true

// The three operands broadcast as in TVM's topi.where.
// CHECK-LABEL: tensorir.prim_func private @where(
// CHECK: tensorir.block "T_where"(%[[W0:.*]], %[[W1:.*]]) = {{.*}} reads(%{{.*}}[%[[W0]], 0] : memref<2x1xi1>, %{{.*}}[%[[W1]]] : memref<3xf32>, %{{.*}}[%[[W0]], %[[W1]]] : memref<2x3xf32>)
// CHECK: arith.select

// astype is TVM's topi.cast: block "compute", loops i0, ...; a boolean reads
// as 0/1 and a value converts to it as value != 0.
// CHECK-LABEL: tensorir.prim_func private @cast(
// CHECK-SAME: %compute: memref<4xf32>)
// CHECK: tensorir.for %i0 =
// CHECK: tensorir.block "compute"
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK-LABEL: tensorir.prim_func private @cast1(
// CHECK: arith.cmpf une
// CHECK-LABEL: tensorir.prim_func private @cast2(
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to bf16

// PATTERN-DAG: tensorir.prim_func private @reshape({{.*}}op_pattern = 2
// PATTERN-DAG: tensorir.prim_func private @concatenate({{.*}}op_pattern = 2
// PATTERN-DAG: tensorir.prim_func private @split({{.*}}op_pattern = 2
// PATTERN-DAG: tensorir.prim_func private @strided_slice1({{.*}}op_pattern = 2
// PATTERN-DAG: tensorir.prim_func private @take({{.*}}op_pattern = 2
// PATTERN-DAG: tensorir.prim_func private @broadcast_to({{.*}}op_pattern = 1
// PATTERN-DAG: tensorir.prim_func private @where({{.*}}op_pattern = 1
// PATTERN-DAG: tensorir.prim_func private @full({{.*}}op_pattern = 0
// PATTERN-DAG: tensorir.prim_func private @cast({{.*}}op_pattern = 0
