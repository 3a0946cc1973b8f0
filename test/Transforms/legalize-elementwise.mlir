// Every elementwise operator's legalization: TVM's function and block names
// and the scalar op that computes it.
// RUN: relax-opt %s --relax-legalize-ops | FileCheck %s

relax.function @all(%x: tensor<4xf32>, %y: tensor<4xf32>, %p: tensor<4xi1>, %q: tensor<4xi1>) -> tensor<4xf32> {
  %u0 = relax.nn.relu %x : tensor<4xf32>
  %u1 = relax.negative %x : tensor<4xf32>
  %u2 = relax.abs %x : tensor<4xf32>
  %u3 = relax.exp %x : tensor<4xf32>
  %u4 = relax.log %x : tensor<4xf32>
  %u5 = relax.sqrt %x : tensor<4xf32>
  %u6 = relax.rsqrt %x : tensor<4xf32>
  %u7 = relax.tanh %x : tensor<4xf32>
  %u8 = relax.sigmoid %x : tensor<4xf32>
  %u9 = relax.erf %x : tensor<4xf32>
  %u10 = relax.floor %x : tensor<4xf32>
  %u11 = relax.ceil %x : tensor<4xf32>
  %u12 = relax.round %x : tensor<4xf32>
  %u13 = relax.sin %x : tensor<4xf32>
  %u14 = relax.cos %x : tensor<4xf32>
  %u15 = relax.nn.gelu %x : tensor<4xf32>
  %u16 = relax.nn.silu %x : tensor<4xf32>
  %b0 = relax.add %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b1 = relax.subtract %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b2 = relax.multiply %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b3 = relax.divide %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b4 = relax.floor_divide %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b5 = relax.power %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b6 = relax.maximum %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b7 = relax.minimum %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b8 = relax.equal %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  %b9 = relax.not_equal %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  %b10 = relax.less %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  %b11 = relax.less_equal %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  %b12 = relax.greater %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  %b13 = relax.greater_equal %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xi1>
  %l0 = relax.logical_and %p, %q : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  %l1 = relax.logical_or %p, %q : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  %l2 = relax.logical_xor %p, %q : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  %n = relax.logical_not %p : tensor<4xi1>
  %c = relax.clip %x min(0.0) max(1.0) : tensor<4xf32>
  relax.return %x : tensor<4xf32>
}

relax.function @more(%x: tensor<4xf32>, %i: tensor<4xi32>) -> tensor<4xf32> {
  %0 = relax.floor_mod %x, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %1 = relax.mod %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  %2 = relax.bitwise_and %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  %3 = relax.bitwise_not %i : tensor<4xi32>
  %4 = relax.tan %x : tensor<4xf32>
  %5 = relax.acosh %x : tensor<4xf32>
  %6 = relax.trunc %x : tensor<4xf32>
  %7 = relax.sign %x : tensor<4xf32>
  %8 = relax.isnan %x : tensor<4xf32> -> tensor<4xi1>
  %9 = relax.isinf %x : tensor<4xf32> -> tensor<4xi1>
  %10 = relax.nn.leakyrelu %x alpha(0.2) : tensor<4xf32>
  %11 = relax.nn.softplus %x beta(1.0) threshold(20.0) : tensor<4xf32>
  %12 = relax.nn.gelu_tanh %x : tensor<4xf32>
  relax.return %x : tensor<4xf32>
}

// CHECK-LABEL: tensorir.prim_func private @relu(
// CHECK: tensorir.block "compute"
// CHECK: arith.maximumf
// CHECK-LABEL: tensorir.prim_func private @negative(
// CHECK: tensorir.block "compute"
// CHECK: arith.negf
// CHECK-LABEL: tensorir.prim_func private @absolute(
// CHECK: tensorir.block "compute"
// CHECK: math.absf
// CHECK-LABEL: tensorir.prim_func private @exp(
// CHECK: tensorir.block "compute"
// CHECK: math.exp
// CHECK-LABEL: tensorir.prim_func private @log(
// CHECK: tensorir.block "compute"
// CHECK: math.log
// CHECK-LABEL: tensorir.prim_func private @sqrt(
// CHECK: tensorir.block "compute"
// CHECK: math.sqrt
// CHECK-LABEL: tensorir.prim_func private @rsqrt(
// CHECK: tensorir.block "compute"
// CHECK: math.rsqrt
// CHECK-LABEL: tensorir.prim_func private @tanh(
// CHECK: tensorir.block "compute"
// CHECK: math.tanh
// CHECK-LABEL: tensorir.prim_func private @sigmoid(
// CHECK: tensorir.block "compute"
// CHECK: math.exp
// CHECK-LABEL: tensorir.prim_func private @erf(
// CHECK: tensorir.block "compute"
// CHECK: math.erf
// CHECK-LABEL: tensorir.prim_func private @floor(
// CHECK: tensorir.block "compute"
// CHECK: math.floor
// CHECK-LABEL: tensorir.prim_func private @ceil(
// CHECK: tensorir.block "compute"
// CHECK: math.ceil
// CHECK-LABEL: tensorir.prim_func private @round(
// CHECK: tensorir.block "compute"
// CHECK: math.roundeven
// CHECK-LABEL: tensorir.prim_func private @sin(
// CHECK: tensorir.block "compute"
// CHECK: math.sin
// CHECK-LABEL: tensorir.prim_func private @cos(
// CHECK: tensorir.block "compute"
// CHECK: math.cos
// CHECK-LABEL: tensorir.prim_func private @gelu(
// CHECK: tensorir.block "compute"
// CHECK: math.erf
// CHECK-LABEL: tensorir.prim_func private @silu(
// CHECK: tensorir.block "compute"
// CHECK: math.exp
// CHECK-LABEL: tensorir.prim_func private @add(
// CHECK: tensorir.block "T_add"
// CHECK: arith.addf
// CHECK-LABEL: tensorir.prim_func private @subtract(
// CHECK: tensorir.block "T_subtract"
// CHECK: arith.subf
// CHECK-LABEL: tensorir.prim_func private @multiply(
// CHECK: tensorir.block "T_multiply"
// CHECK: arith.mulf
// CHECK-LABEL: tensorir.prim_func private @divide(
// CHECK: tensorir.block "T_divide"
// CHECK: arith.divf
// CHECK-LABEL: tensorir.prim_func private @floor_divide(
// CHECK: tensorir.block "T_floor_divide"
// CHECK: math.floor
// CHECK-LABEL: tensorir.prim_func private @power(
// CHECK: tensorir.block "T_power"
// CHECK: math.powf
// CHECK-LABEL: tensorir.prim_func private @maximum(
// CHECK: tensorir.block "T_maximum"
// CHECK: arith.maximumf
// CHECK-LABEL: tensorir.prim_func private @minimum(
// CHECK: tensorir.block "T_minimum"
// CHECK: arith.minimumf
// CHECK-LABEL: tensorir.prim_func private @equal(
// CHECK: tensorir.block "T_equal"
// CHECK: arith.cmpf oeq
// CHECK-LABEL: tensorir.prim_func private @not_equal(
// CHECK: tensorir.block "T_not_equal"
// CHECK: arith.cmpf une
// CHECK-LABEL: tensorir.prim_func private @less(
// CHECK: tensorir.block "T_less"
// CHECK: arith.cmpf olt
// CHECK-LABEL: tensorir.prim_func private @less_equal(
// CHECK: tensorir.block "T_less_equal"
// CHECK: arith.cmpf ole
// CHECK-LABEL: tensorir.prim_func private @greater(
// CHECK: tensorir.block "T_greater"
// CHECK: arith.cmpf ogt
// CHECK-LABEL: tensorir.prim_func private @greater_equal(
// CHECK: tensorir.block "T_greater_equal"
// CHECK: arith.cmpf oge
// CHECK-LABEL: tensorir.prim_func private @logical_and(
// CHECK: tensorir.block "T_logical_and"
// CHECK: arith.andi
// CHECK-LABEL: tensorir.prim_func private @logical_or(
// CHECK: tensorir.block "T_logical_or"
// CHECK: arith.ori
// CHECK-LABEL: tensorir.prim_func private @logical_xor(
// CHECK: tensorir.block "T_logical_xor"
// CHECK: arith.xori
// CHECK-LABEL: tensorir.prim_func private @logical_not(
// CHECK: arith.xori
// CHECK-LABEL: tensorir.prim_func private @clip(
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK-LABEL: tensorir.prim_func private @floor_mod(
// CHECK: tensorir.block "T_floor_mod"
// CHECK: math.floor
// CHECK-LABEL: tensorir.prim_func private @mod(
// CHECK: arith.remsi
// CHECK-LABEL: tensorir.prim_func private @bitwise_and(
// CHECK: arith.andi
// CHECK-LABEL: tensorir.prim_func private @bitwise_not(
// CHECK: arith.constant -1 : i32
// CHECK: arith.xori
// CHECK-LABEL: tensorir.prim_func private @tan(
// CHECK: math.tan
// CHECK-LABEL: tensorir.prim_func private @acosh(
// CHECK: math.acosh
// CHECK-LABEL: tensorir.prim_func private @trunc(
// CHECK: math.trunc
// CHECK-LABEL: tensorir.prim_func private @sign(
// CHECK: arith.cmpf uno
// CHECK-LABEL: tensorir.prim_func private @isnan(
// CHECK: arith.cmpf uno
// CHECK-LABEL: tensorir.prim_func private @isinf(
// CHECK: math.absf
// CHECK: arith.cmpf oeq
// CHECK-LABEL: tensorir.prim_func private @leaky_relu(
// CHECK: arith.select
// CHECK-LABEL: tensorir.prim_func private @softplus(
// CHECK: math.log1p
// CHECK-LABEL: tensorir.prim_func private @gelu_tanh(
// CHECK: math.tanh
