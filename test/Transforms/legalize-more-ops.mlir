// LegalizeOps of tril/triu, cumsum, arange, flip, argmin, rms_norm and
// group_norm: function and block names, iteration kinds, and the indices
// each block reads.
// RUN: relax-opt %s --relax-legalize-ops --mlir-use-nameloc-as-prefix | FileCheck %s

relax.function @main(%x: tensor<3x4xf32> loc("x"), %i: tensor<2x3xi32> loc("i"),
                     %n: tensor<2x4x3xf32> loc("n"), %g: tensor<4xf32> loc("g"),
                     %w: tensor<3xf32> loc("w")) -> tensor<3x4xf32> {
  // CHECK: relax.call_tir @trilu(
  %0 = relax.tril %x k(1) : tensor<3x4xf32>
  // CHECK: relax.call_tir @trilu1(
  %1 = relax.triu %0 : tensor<3x4xf32>
  // CHECK: relax.call_tir @cumsum(
  %2 = relax.cumsum %i axis 1 dtype(i64) : tensor<2x3xi32> -> tensor<2x3xi64>
  // CHECK: relax.call_tir @cumsum1(
  %3 = relax.cumsum %i exclusive(true) : tensor<2x3xi32> -> tensor<6xi32>
  // CHECK: relax.call_tir @arange(
  %4 = relax.arange start(1.0) end(7.0) step(2.0) dtype(i64) : tensor<3xi64>
  // CHECK: relax.call_tir @flip(
  %5 = relax.flip %x axis(0) : tensor<3x4xf32>
  // CHECK: relax.call_tir @argmin(
  %6 = relax.argmin %x axis 1 : tensor<3x4xf32> -> tensor<3xi64>
  // CHECK: relax.call_tir @rms_norm(
  %7 = relax.nn.rms_norm %n, %w : tensor<2x4x3xf32>, tensor<3xf32> -> tensor<2x4x3xf32>
  // CHECK: relax.call_tir @group_norm(
  %8 = relax.nn.group_norm %n, %g, %g num_groups(2) channel_axis(1) axes [2] : tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<2x4x3xf32>
  relax.return %5 : tensor<3x4xf32>
}

// CHECK-LABEL: tensorir.prim_func private @trilu(
// CHECK: tensorir.block "trilu"
// CHECK: arith.cmpi sle
// CHECK: arith.select
// CHECK-LABEL: tensorir.prim_func private @trilu1(
// CHECK: arith.cmpi sge

// The sum over k <= i along the axis: a reduction block.
// CHECK-LABEL: tensorir.prim_func private @cumsum(
// CHECK: tensorir.block "T_cumsum"(%v_ax0, %v_ax1, %v_k) {{.*}} kinds "SSR" reads(%i[%v_ax0, %v_k] : memref<2x3xi32>)
// CHECK: arith.extsi
// CHECK-LABEL: tensorir.prim_func private @cumsum1(
// CHECK: arith.cmpi slt

// CHECK-LABEL: tensorir.prim_func private @arange(
// CHECK: tensorir.block "T_arange"
// CHECK: arith.index_cast

// CHECK-LABEL: tensorir.prim_func private @flip(
// CHECK: tensorir.block "T_reverse_sequence"
// CHECK-SAME: reads(%x[-%v_ax0 + 2, %v_ax1] : memref<3x4xf32>)

// CHECK-LABEL: tensorir.prim_func private @argmin(
// CHECK: tensorir.block "A_red_temp"
// CHECK: arith.minimumf
// CHECK: tensorir.block "A_red"

// CHECK-LABEL: tensorir.prim_func private @rms_norm(
// CHECK: tensorir.block "T_multiply_red"
// CHECK: tensorir.block "T_rms_norm"
// CHECK: math.rsqrt

// The statistics per (batch, group): channel = group * 2 + k_c.
// CHECK-LABEL: tensorir.prim_func private @group_norm(
// CHECK: tensorir.block "A_red_temp_v0"(%v_ax0, %v_ax1, %v_k_c, %v_k2) {{.*}} kinds "SSRR" reads(%n[%v_ax0, %v_ax1 * 2 + %v_k_c, %v_k2] : memref<2x4x3xf32>)
// CHECK: tensorir.block "A_red_temp_v1"
// CHECK: tensorir.block "T_group_norm"
// CHECK-SAME: %A_red_temp_v0[%v_ax0, %v_ax1 floordiv 2]
