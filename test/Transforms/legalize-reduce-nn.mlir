// Legalization of the reductions and the normalization / activation
// operators: TVM's function, block, loop and buffer names, iteration kinds.
// RUN: relax-opt %s --relax-legalize-ops --mlir-use-nameloc-as-prefix | FileCheck %s

// CHECK-LABEL: relax.function @reductions
relax.function @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>) -> tensor<2x4xf32> {
  // CHECK: relax.call_tir @sum(%{{.*}}) : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %0 = relax.sum %x axis [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // CHECK: relax.call_tir @mean(
  %1 = relax.mean %x axis [0, 2] keepdims(true) : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  // CHECK: relax.call_tir @max(
  %2 = relax.max %i : tensor<2x3xi32> -> tensor<i32>
  // CHECK: relax.call_tir @min(
  %3 = relax.min %x axis [2] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  // CHECK: relax.call_tir @prod(
  %4 = relax.prod %i axis [0] : tensor<2x3xi32> -> tensor<3xi32>
  // CHECK: relax.call_tir @variance(
  %5 = relax.variance %x axis [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // CHECK: relax.call_tir @argmax(%{{.*}}) : (tensor<2x3x4xf32>) -> tensor<i64>
  %6 = relax.argmax %x : tensor<2x3x4xf32> -> tensor<i64>
  // CHECK: relax.call_tir @argmax1(
  %7 = relax.argmax %i axis 0 : tensor<2x3xi32> -> tensor<3xi64>
  relax.return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: relax.function @nn
relax.function @nn(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>, %c: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // CHECK: relax.call_tir @softmax(
  %0 = relax.nn.softmax %x axis 1 : tensor<2x3x4xf32>
  // CHECK: relax.call_tir @log_softmax(
  %1 = relax.nn.log_softmax %x : tensor<2x3x4xf32>
  // CHECK: relax.call_tir @layer_norm(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %2 = relax.nn.layer_norm %x, %g, %g : tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<2x3x4xf32>
  // CHECK: relax.call_tir @batch_norm({{.*}}) : ({{.*}}) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %3:3 = relax.nn.batch_norm %x, %c, %c, %c, %c scale(false)
      : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
      -> tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>
  // CHECK: relax.call_tir @dropout(%{{.*}}) : (tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>)
  %4:2 = relax.nn.dropout %x : tensor<2x3x4xf32> -> tensor<2x3x4xf32>, tensor<2x3x4xf32>
  relax.return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: relax.function @attn
relax.function @attn(%q: tensor<1x3x2x4xf32>, %k: tensor<1x5x2x4xf32>, %v: tensor<1x5x2x6xf32>) -> tensor<1x3x2x6xf32> {
  // CHECK: relax.call_tir @attention(%{{.*}}, %{{.*}}, %{{.*}}) : ({{.*}}) -> tensor<1x3x2x6xf32>
  %0 = relax.nn.attention %q, %k, %v causal_mask("BottomRight")
      : tensor<1x3x2x4xf32>, tensor<1x5x2x4xf32>, tensor<1x5x2x6xf32> -> tensor<1x3x2x6xf32>
  // CHECK: relax.call_tir @attention1(
  %1 = relax.nn.attention %q, %k, %v scale(0.5)
      : tensor<1x3x2x4xf32>, tensor<1x5x2x4xf32>, tensor<1x5x2x6xf32> -> tensor<1x3x2x6xf32>
  relax.return %0 : tensor<1x3x2x6xf32>
}

// Parameters are named after the relax values, A<i> here (MLIR text keeps no
// value names). Spatial loops ax0, ... over the output, then k<d> per reduced input dimension d.
// CHECK-LABEL: tensorir.prim_func private @sum(
// CHECK-SAME: %A0: memref<2x3x4xf32>, %A_red: memref<2x4xf32>)
// CHECK: tensorir.block "A_red"(%v_ax0, %v_ax1, %v_k1) = (%ax0, %ax1, %k1) in (%c2, %c4, %c3) kinds "SSR"
// CHECK-SAME: reads(%A0[%v_ax0, %v_k1, %v_ax1] : memref<2x3x4xf32>) writes(%A_red[%v_ax0, %v_ax1] : memref<2x4xf32>)
// CHECK-NEXT: tensorir.init {
// CHECK-NEXT: arith.constant 0.000000e+00 : f32
// CHECK: arith.addf

// keepdims: the reduced dimensions stay as spatial loops of extent 1.
// CHECK-LABEL: tensorir.prim_func private @mean(
// CHECK-SAME: %T_divide: memref<1x3x1xf32>)
// CHECK: %A_red = tensorir.alloc_buffer : memref<1x3x1xf32>
// CHECK: tensorir.block "A_red"(%v_ax0, %v_ax1, %v_ax2, %v_k0, %v_k2) = {{.*}} in (%c1, %c3, %c1, %c2, %c4) kinds "SSSRR"
// CHECK-SAME: reads(%A0[%v_k0, %v_ax1, %v_k2] : memref<2x3x4xf32>)
// CHECK: tensorir.block "T_divide"({{.*}}) kinds "SSS" reads(%A_red[
// CHECK: arith.constant 8.000000e+00 : f32
// CHECK: arith.divf

// Every dimension reduced: no spatial loop; max of integers starts at the lowest i32.
// CHECK-LABEL: tensorir.prim_func private @max(
// CHECK: tensorir.block "A_red"(%v_k0, %v_k1) = (%k0, %k1) in (%c2, %c3) kinds "RR" {{.*}} writes(%A_red[] : memref<i32>)
// CHECK-NEXT: tensorir.init {
// CHECK-NEXT: arith.constant -2147483648 : i32
// CHECK: arith.maxsi

// CHECK-LABEL: tensorir.prim_func private @min(
// CHECK: tensorir.init {
// CHECK-NEXT: arith.constant 0x7F800000 : f32
// CHECK: arith.minimumf

// CHECK-LABEL: tensorir.prim_func private @prod(
// CHECK: tensorir.block "A_red"(%v_ax0, %v_k0) = (%ax0, %k0) in (%c3, %c2) kinds "SR"
// CHECK-NEXT: tensorir.init {
// CHECK-NEXT: arith.constant 1 : i32
// CHECK: arith.muli

// TVM's mean((x - mean(x, keepdims))**2).
// CHECK-LABEL: tensorir.prim_func private @variance(
// CHECK-SAME: %T_divide: memref<2x4xf32>)
// CHECK: %A_red = tensorir.alloc_buffer : memref<2x1x4xf32>
// CHECK-NEXT: %T_divide_1 = tensorir.alloc_buffer : memref<2x1x4xf32>
// CHECK-NEXT: %T_subtract = tensorir.alloc_buffer : memref<2x3x4xf32>
// CHECK-NEXT: %T_multiply = tensorir.alloc_buffer : memref<2x3x4xf32>
// CHECK-NEXT: %T_multiply_red = tensorir.alloc_buffer : memref<2x4xf32>
// CHECK: tensorir.block "A_red"({{.*}}) kinds "SSSR"
// CHECK: tensorir.block "T_divide"({{.*}}) kinds "SSS" {{.*}} writes(%T_divide_1[
// CHECK: tensorir.block "T_subtract"({{.*}}) kinds "SSS" reads(%A0[%v_ax0, %v_ax1, %v_ax2] : memref<2x3x4xf32>, %T_divide_1[%v_ax0, 0, %v_ax2] : memref<2x1x4xf32>)
// CHECK: tensorir.block "T_multiply"({{.*}}) kinds "SSS"
// CHECK: tensorir.block "T_multiply_red"(%v_ax0, %v_ax1, %v_k1) = {{.*}} kinds "SSR" reads(%T_multiply[%v_ax0, %v_k1, %v_ax1] : memref<2x3x4xf32>)
// CHECK: tensorir.block "T_divide_1"({{.*}}) kinds "SS" reads(%T_multiply_red[{{.*}}) writes(%T_divide[

// argmax: the maximum (A_red_temp), then the first index holding it (A_red),
// the flat index when every dimension is searched.
// CHECK-LABEL: tensorir.prim_func private @argmax(
// CHECK-SAME: %A0: memref<2x3x4xf32>, %A_red: memref<i64>)
// CHECK: %A_red_temp_v1 = tensorir.alloc_buffer : memref<f32>
// CHECK: tensorir.block "A_red_temp"(%v_k0, %v_k1, %v_k2) = {{.*}} kinds "RRR" {{.*}} writes(%A_red_temp_v1[] : memref<f32>)
// CHECK-NEXT: tensorir.init {
// CHECK-NEXT: arith.constant 0xFF800000 : f32
// CHECK: arith.maximumf
// CHECK: tensorir.block "A_red"(%v_k0, %v_k1, %v_k2) = {{.*}} kinds "RRR" reads(%A0[%v_k0, %v_k1, %v_k2] : memref<2x3x4xf32>, %A_red_temp_v1[] : memref<f32>) writes(%A_red[] : memref<i64>)
// CHECK-NEXT: tensorir.init {
// CHECK-NEXT: arith.constant 24 : i64
// CHECK: arith.constant 4 : i64
// CHECK: arith.constant 12 : i64
// CHECK: arith.minsi
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf uno
// CHECK: arith.select

// CHECK-LABEL: tensorir.prim_func private @argmax1(
// CHECK-SAME: %A_red: memref<3xi64>)
// CHECK: %A_red_temp_v1 = tensorir.alloc_buffer : memref<3xi32>
// CHECK: tensorir.block "A_red_temp"(%v_ax0, %v_k0) = (%ax0, %k0) in (%c3, %c2) kinds "SR"
// CHECK: arith.constant -2147483648 : i32
// CHECK: tensorir.block "A_red"(%v_ax0, %v_k0) = (%ax0, %k0) in (%c3, %c2) kinds "SR"
// CHECK: arith.cmpi eq

// TVM's softmax stages, loops i0, ... and the reduction k.
// CHECK-LABEL: tensorir.prim_func private @softmax(
// CHECK-SAME: %A0: memref<2x3x4xf32>, %T_softmax_norm: memref<2x3x4xf32>)
// CHECK: %T_softmax_maxelem = tensorir.alloc_buffer : memref<2x4xf32>
// CHECK-NEXT: %T_softmax_exp = tensorir.alloc_buffer : memref<2x3x4xf32>
// CHECK-NEXT: %T_softmax_expsum = tensorir.alloc_buffer : memref<2x4xf32>
// CHECK: tensorir.block "T_softmax_maxelem"(%v_i0, %v_i1, %v_k) = (%i0, %i1, %k) in (%c2, %c4, %c3) kinds "SSR" reads(%A0[%v_i0, %v_k, %v_i1] : memref<2x3x4xf32>)
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: arith.maximumf
// CHECK: tensorir.block "T_softmax_exp"(%v_i0, %v_i1, %v_i2) = {{.*}} kinds "SSS" reads(%A0[%v_i0, %v_i1, %v_i2] : memref<2x3x4xf32>, %T_softmax_maxelem[%v_i0, %v_i2] : memref<2x4xf32>)
// CHECK: math.exp
// CHECK: tensorir.block "T_softmax_expsum"(%v_i0, %v_i1, %v_k) = {{.*}} kinds "SSR" reads(%T_softmax_exp[%v_i0, %v_k, %v_i1] : memref<2x3x4xf32>)
// CHECK: tensorir.block "T_softmax_norm"(%v_i0, %v_i1, %v_i2) = {{.*}} kinds "SSS" reads(%T_softmax_exp[%v_i0, %v_i1, %v_i2] : memref<2x3x4xf32>, %T_softmax_expsum[%v_i0, %v_i2] : memref<2x4xf32>) writes(%T_softmax_norm[
// CHECK: arith.divf

// CHECK-LABEL: tensorir.prim_func private @log_softmax(
// CHECK-SAME: %compute: memref<2x3x4xf32>)
// CHECK: %T_softmax_maxelem = tensorir.alloc_buffer : memref<2x3xf32>
// CHECK-NEXT: %compute_1 = tensorir.alloc_buffer : memref<2x3xf32>
// CHECK: tensorir.block "T_softmax_maxelem"({{.*}}) kinds "SSR"
// CHECK: tensorir.block "compute"(%v_i0, %v_i1, %v_k) = {{.*}} kinds "SSR" {{.*}} writes(%compute_1[%v_i0, %v_i1] : memref<2x3xf32>)
// CHECK: math.exp
// CHECK: tensorir.block "compute_1"(%v_i0, %v_i1, %v_i2) = {{.*}} kinds "SSS" {{.*}} writes(%compute[
// CHECK: math.log

// CHECK-LABEL: tensorir.prim_func private @layer_norm(
// CHECK-SAME: %T_layer_norm: memref<2x3x4xf32>)
// CHECK: %A_red_temp_v0 = tensorir.alloc_buffer : memref<2x3xf32>
// CHECK-NEXT: %A_red_temp_v1 = tensorir.alloc_buffer : memref<2x3xf32>
// CHECK: tensorir.block "A_red_temp_v0"(%v_ax0, %v_ax1, %v_k2) = (%ax0, %ax1, %k2) in (%c2, %c3, %c4) kinds "SSR"
// CHECK: tensorir.block "A_red_temp_v1"(%v_ax0, %v_ax1, %v_k2) = {{.*}} kinds "SSR"
// CHECK: arith.mulf
// CHECK: tensorir.block "T_layer_norm"(%v_ax0, %v_ax1, %v_ax2) = {{.*}} kinds "SSS"
// CHECK-SAME: %A1[%v_ax2] : memref<4xf32>
// CHECK: math.rsqrt

// Inference: one elementwise stage; the statistics copied through.
// CHECK-LABEL: tensorir.prim_func private @batch_norm(
// CHECK-SAME: %T_batch_norm: memref<2x3x4xf32>, %T_moving_mean: memref<3xf32>, %T_moving_var: memref<3xf32>)
// CHECK: tensorir.block "T_batch_norm"(%v_ax0, %v_ax1, %v_ax2) = {{.*}} kinds "SSS" reads(%A0[%v_ax0, %v_ax1, %v_ax2] : memref<2x3x4xf32>, %A3[%v_ax1] : memref<3xf32>, %A4[%v_ax1] : memref<3xf32>, %A2[%v_ax1] : memref<3xf32>) writes
// CHECK: math.sqrt
// CHECK: arith.divf
// scale(false): gamma is not multiplied in; center: beta is added.
// CHECK-NOT: arith.mulf
// CHECK: arith.addf
// CHECK: tensorir.block "T_moving_mean"(%v_ax0) = (%ax0) in (%c3) kinds "S" reads(%A3[%v_ax0] : memref<3xf32>) writes(%T_moving_mean[%v_ax0] : memref<3xf32>)
// CHECK: tensorir.block "T_moving_var"

// CHECK-LABEL: tensorir.prim_func private @dropout(
// CHECK-SAME: %T_dropout: memref<2x3x4xf32>, %T_dropout_mask: memref<2x3x4xf32>)
// CHECK: tensorir.block "T_dropout"({{.*}}) kinds "SSS" reads(%A0[
// CHECK: tensorir.block "T_dropout_mask"({{.*}}) kinds "SSS" writes(%T_dropout_mask[
// CHECK-NEXT: arith.constant 1.000000e+00 : f32

// Q K^T per (batch, head), scaled, softmax (masked: key j <= query i + |5 - 3|), by V, back to (b, s, h, d).
// CHECK-LABEL: tensorir.prim_func private @attention(
// CHECK-SAME: %A0: memref<1x3x2x4xf32>, %A1: memref<1x5x2x4xf32>, %A2: memref<1x5x2x6xf32>, %T_transpose: memref<1x3x2x6xf32>)
// CHECK: %T_batch_matmul_NT = tensorir.alloc_buffer : memref<1x2x3x5xf32>
// CHECK-NEXT: %T_divide = tensorir.alloc_buffer : memref<1x2x3x5xf32>
// CHECK-NEXT: %T_softmax_norm = tensorir.alloc_buffer : memref<1x2x3x5xf32>
// CHECK-NEXT: %T_batch_matmul_NN = tensorir.alloc_buffer : memref<1x2x3x6xf32>
// CHECK: tensorir.block "T_batch_matmul_NT"(%v_b, %v_h, %v_i, %v_j, %v_k) = (%b, %h, %i, %j, %k) in (%c1, %c2, %c3, %c5, %c4) kinds "SSSSR"
// CHECK-SAME: reads(%A0[%v_b, %v_i, %v_h, %v_k] : memref<1x3x2x4xf32>, %A1[%v_b, %v_j, %v_h, %v_k] : memref<1x5x2x4xf32>)
// CHECK: tensorir.block "T_divide"({{.*}}) kinds "SSSS"
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.divf
// CHECK: tensorir.block "T_softmax_maxelem"(%v_i0, %v_i1, %v_i2, %v_k) = {{.*}} kinds "SSSR"
// CHECK: %[[LIMIT:.*]] = arith.addi %v_i2, %c2 : index
// CHECK: arith.cmpi sle, %v_k, %[[LIMIT]] : index
// CHECK: arith.select
// CHECK: tensorir.block "T_softmax_exp"(%v_i0, %v_i1, %v_i2, %v_i3) = {{.*}} kinds "SSSS"
// CHECK: %[[LIMIT2:.*]] = arith.addi %v_i2, %c2 : index
// CHECK: arith.cmpi sle, %v_i3, %[[LIMIT2]] : index
// CHECK: tensorir.block "T_softmax_expsum"
// CHECK: tensorir.block "T_softmax_norm"
// CHECK: tensorir.block "T_batch_matmul_NN"(%v_b, %v_h, %v_i, %v_j, %v_k) = {{.*}} in (%c1, %c2, %c3, %c6, %c5) kinds "SSSSR"
// CHECK-SAME: reads(%T_softmax_norm[%v_b, %v_h, %v_i, %v_k] : memref<1x2x3x5xf32>, %A2[%v_b, %v_k, %v_h, %v_j] : memref<1x5x2x6xf32>)
// CHECK: tensorir.block "T_transpose"({{.*}}) kinds "SSSS" reads(%T_batch_matmul_NN[%v_ax0, %v_ax2, %v_ax1, %v_ax3] : memref<1x2x3x6xf32>)

// An explicit scale multiplies; no mask, no comparison.
// CHECK-LABEL: tensorir.prim_func private @attention1(
// CHECK: %T_multiply = tensorir.alloc_buffer : memref<1x2x3x5xf32>
// CHECK-NOT: arith.cmpi
// CHECK: tensorir.block "T_multiply"({{.*}}) kinds "SSSS"
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK-NOT: arith.cmpi
// CHECK: tensorir.block "T_transpose"
