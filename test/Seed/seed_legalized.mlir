// The seed's module after LegalizeOps: main calls a private prim_func per op.
// Round trip: printing is a fixed point, custom and generic forms agree.
// RUN: relax-opt %s > %t.custom
// RUN: relax-opt %t.custom > %t.again
// RUN: diff %t.custom %t.again
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt > %t.generic
// RUN: diff %t.custom %t.generic
// RUN: FileCheck %s < %t.custom

module {
  tensorir.prim_func private @add(%lv1: memref<1x256xf32>, %p_fc1_bias: memref<256xf32>, %T_add: memref<1x256xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c256 = arith.constant 256 : index
    tensorir.for %ax0 = %c0 to %c1 {
      tensorir.for %ax1 = %c0 to %c256 {
        tensorir.block "T_add"(%v_ax0, %v_ax1) = (%ax0, %ax1) in (%c1, %c256) kinds "SS" reads(%lv1[%v_ax0, %v_ax1] : memref<1x256xf32>, %p_fc1_bias[%v_ax1] : memref<256xf32>) writes(%T_add[%v_ax0, %v_ax1] : memref<1x256xf32>) {
          %0 = tensorir.load %lv1[%v_ax0, %v_ax1] : memref<1x256xf32>
          %1 = tensorir.load %p_fc1_bias[%v_ax1] : memref<256xf32>
          %2 = arith.addf %0, %1 : f32
          tensorir.store %2, %T_add[%v_ax0, %v_ax1] : memref<1x256xf32>
        }
      }
    }
  }
  tensorir.prim_func private @add1(%lv5: memref<1x10xf32>, %p_fc2_bias: memref<10xf32>, %T_add: memref<1x10xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c10 = arith.constant 10 : index
    tensorir.for %ax0 = %c0 to %c1 {
      tensorir.for %ax1 = %c0 to %c10 {
        tensorir.block "T_add"(%v_ax0, %v_ax1) = (%ax0, %ax1) in (%c1, %c10) kinds "SS" reads(%lv5[%v_ax0, %v_ax1] : memref<1x10xf32>, %p_fc2_bias[%v_ax1] : memref<10xf32>) writes(%T_add[%v_ax0, %v_ax1] : memref<1x10xf32>) {
          %0 = tensorir.load %lv5[%v_ax0, %v_ax1] : memref<1x10xf32>
          %1 = tensorir.load %p_fc2_bias[%v_ax1] : memref<10xf32>
          %2 = arith.addf %0, %1 : f32
          tensorir.store %2, %T_add[%v_ax0, %v_ax1] : memref<1x10xf32>
        }
      }
    }
  }
  tensorir.prim_func private @matmul(%x: memref<1x784xf32>, %lv: memref<784x256xf32>, %matmul: memref<1x256xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c256 = arith.constant 256 : index
    %c784 = arith.constant 784 : index
    tensorir.for %i0 = %c0 to %c1 {
      tensorir.for %i1 = %c0 to %c256 {
        tensorir.for %k = %c0 to %c784 {
          tensorir.block "matmul"(%v_i0, %v_i1, %v_k) = (%i0, %i1, %k) in (%c1, %c256, %c784) kinds "SSR" reads(%x[%v_i0, %v_k] : memref<1x784xf32>, %lv[%v_k, %v_i1] : memref<784x256xf32>) writes(%matmul[%v_i0, %v_i1] : memref<1x256xf32>) {
            tensorir.init {
              %zero = arith.constant 0.000000e+00 : f32
              tensorir.store %zero, %matmul[%v_i0, %v_i1] : memref<1x256xf32>
            }
            %0 = tensorir.load %matmul[%v_i0, %v_i1] : memref<1x256xf32>
            %1 = tensorir.load %x[%v_i0, %v_k] : memref<1x784xf32>
            %2 = tensorir.load %lv[%v_k, %v_i1] : memref<784x256xf32>
            %3 = arith.mulf %1, %2 : f32
            %4 = arith.addf %0, %3 : f32
            tensorir.store %4, %matmul[%v_i0, %v_i1] : memref<1x256xf32>
          }
        }
      }
    }
  }
  tensorir.prim_func private @matmul1(%lv3: memref<1x256xf32>, %lv4: memref<256x10xf32>, %matmul: memref<1x10xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c10 = arith.constant 10 : index
    %c256 = arith.constant 256 : index
    tensorir.for %i0 = %c0 to %c1 {
      tensorir.for %i1 = %c0 to %c10 {
        tensorir.for %k = %c0 to %c256 {
          tensorir.block "matmul"(%v_i0, %v_i1, %v_k) = (%i0, %i1, %k) in (%c1, %c10, %c256) kinds "SSR" reads(%lv3[%v_i0, %v_k] : memref<1x256xf32>, %lv4[%v_k, %v_i1] : memref<256x10xf32>) writes(%matmul[%v_i0, %v_i1] : memref<1x10xf32>) {
            tensorir.init {
              %zero = arith.constant 0.000000e+00 : f32
              tensorir.store %zero, %matmul[%v_i0, %v_i1] : memref<1x10xf32>
            }
            %0 = tensorir.load %matmul[%v_i0, %v_i1] : memref<1x10xf32>
            %1 = tensorir.load %lv3[%v_i0, %v_k] : memref<1x256xf32>
            %2 = tensorir.load %lv4[%v_k, %v_i1] : memref<256x10xf32>
            %3 = arith.mulf %1, %2 : f32
            %4 = arith.addf %0, %3 : f32
            tensorir.store %4, %matmul[%v_i0, %v_i1] : memref<1x10xf32>
          }
        }
      }
    }
  }
  tensorir.prim_func private @relu(%lv2: memref<1x256xf32>, %compute: memref<1x256xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c256 = arith.constant 256 : index
    tensorir.for %i0 = %c0 to %c1 {
      tensorir.for %i1 = %c0 to %c256 {
        tensorir.block "compute"(%v_i0, %v_i1) = (%i0, %i1) in (%c1, %c256) kinds "SS" reads(%lv2[%v_i0, %v_i1] : memref<1x256xf32>) writes(%compute[%v_i0, %v_i1] : memref<1x256xf32>) {
          %0 = tensorir.load %lv2[%v_i0, %v_i1] : memref<1x256xf32>
          %zero = arith.constant 0.000000e+00 : f32
          %1 = arith.maximumf %0, %zero : f32
          tensorir.store %1, %compute[%v_i0, %v_i1] : memref<1x256xf32>
        }
      }
    }
  }
  tensorir.prim_func private @transpose(%p_fc1_weight: memref<256x784xf32>, %T_transpose: memref<784x256xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c256 = arith.constant 256 : index
    %c784 = arith.constant 784 : index
    tensorir.for %ax0 = %c0 to %c784 {
      tensorir.for %ax1 = %c0 to %c256 {
        tensorir.block "T_transpose"(%v_ax0, %v_ax1) = (%ax0, %ax1) in (%c784, %c256) kinds "SS" reads(%p_fc1_weight[%v_ax1, %v_ax0] : memref<256x784xf32>) writes(%T_transpose[%v_ax0, %v_ax1] : memref<784x256xf32>) {
          %0 = tensorir.load %p_fc1_weight[%v_ax1, %v_ax0] : memref<256x784xf32>
          tensorir.store %0, %T_transpose[%v_ax0, %v_ax1] : memref<784x256xf32>
        }
      }
    }
  }
  tensorir.prim_func private @transpose1(%p_fc2_weight: memref<10x256xf32>, %T_transpose: memref<256x10xf32>) attributes {tir.noalias = true} {
    %c0 = arith.constant 0 : index
    %c10 = arith.constant 10 : index
    %c256 = arith.constant 256 : index
    tensorir.for %ax0 = %c0 to %c256 {
      tensorir.for %ax1 = %c0 to %c10 {
        tensorir.block "T_transpose"(%v_ax0, %v_ax1) = (%ax0, %ax1) in (%c256, %c10) kinds "SS" reads(%p_fc2_weight[%v_ax1, %v_ax0] : memref<10x256xf32>) writes(%T_transpose[%v_ax0, %v_ax1] : memref<256x10xf32>) {
          %0 = tensorir.load %p_fc2_weight[%v_ax1, %v_ax0] : memref<10x256xf32>
          tensorir.store %0, %T_transpose[%v_ax0, %v_ax1] : memref<256x10xf32>
        }
      }
    }
  }
  relax.function @main(%x: tensor<1x784xf32>, %p_fc1_weight: tensor<256x784xf32>, %p_fc1_bias: tensor<256xf32>, %p_fc2_weight: tensor<10x256xf32>, %p_fc2_bias: tensor<10xf32>) -> tensor<1x10xf32> attributes {num_input = 1 : i64} {
    %gv = relax.dataflow -> tensor<1x10xf32> {
      %lv = relax.call_tir @transpose(%p_fc1_weight) : (tensor<256x784xf32>) -> tensor<784x256xf32>
      %lv1 = relax.call_tir @matmul(%x, %lv) : (tensor<1x784xf32>, tensor<784x256xf32>) -> tensor<1x256xf32>
      %lv2 = relax.call_tir @add(%lv1, %p_fc1_bias) : (tensor<1x256xf32>, tensor<256xf32>) -> tensor<1x256xf32>
      %lv3 = relax.call_tir @relu(%lv2) : (tensor<1x256xf32>) -> tensor<1x256xf32>
      %lv4 = relax.call_tir @transpose1(%p_fc2_weight) : (tensor<10x256xf32>) -> tensor<256x10xf32>
      %lv5 = relax.call_tir @matmul1(%lv3, %lv4) : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
      %lv6 = relax.call_tir @add1(%lv5, %p_fc2_bias) : (tensor<1x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
      relax.output %lv6 : tensor<1x10xf32>
    }
    relax.return %gv : tensor<1x10xf32>
  }
}

// CHECK-LABEL: tensorir.prim_func private @add(
// CHECK: tensorir.block "T_add"({{.*}}) kinds "SS"
// CHECK-LABEL: tensorir.prim_func private @matmul(
// CHECK: tensorir.block "matmul"({{.*}}) kinds "SSR"
// CHECK-NEXT: tensorir.init {
// CHECK-LABEL: tensorir.prim_func private @relu(
// CHECK: arith.maximumf
// CHECK-LABEL: tensorir.prim_func private @transpose(
// CHECK: tensorir.block "T_transpose"(%[[A0:.*]], %[[A1:.*]]) = {{.*}} reads(%{{.*}}[%[[A1]], %[[A0]]] : memref<256x784xf32>)
// CHECK-LABEL: relax.function @main(
// CHECK: relax.call_tir @transpose(%{{.*}}) : (tensor<256x784xf32>) -> tensor<784x256xf32>
// CHECK: relax.call_tir @add1(%{{.*}}, %{{.*}}) : (tensor<1x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
