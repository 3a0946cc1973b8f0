// RUN: relax-opt %s --relax-legalize-ops --relax-fold-constant | FileCheck %s

// Calls of constants are evaluated; their prim_funcs go away.
// CHECK-LABEL: relax.function @folded
relax.function @folded(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %a = relax.constant dense<[[1.0, -2.0], [3.0, -4.0]]> : tensor<2x2xf32>
  %b = relax.constant dense<[10.0, 20.0]> : tensor<2xf32>
  // CHECK-DAG: relax.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
  %r = relax.nn.relu %a : tensor<2x2xf32>
  %t = relax.permute_dims %a : tensor<2x2xf32> -> tensor<2x2xf32>
  // [[1, 3], [-2, -4]] @ [[1, 0], [3, 0]] = [[10, 0], [-14, 0]]; + [10, 20]
  // CHECK-DAG: relax.constant dense<{{\[}}[2.000000e+01, 2.000000e+01], [-4.000000e+00, 2.000000e+01]]> : tensor<2x2xf32>
  %m = relax.matmul %t, %r : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  %s = relax.add %m, %b : tensor<2x2xf32>, tensor<2xf32> -> tensor<2x2xf32>
  // What depends on an argument stays a call.
  // CHECK: relax.call_tir @add1(%{{.*}}, %{{.*}})
  %y = relax.add %x, %s : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  relax.return %y : tensor<2x2xf32>
}
// CHECK-NOT: tensorir.prim_func private @relu
// CHECK-NOT: tensorir.prim_func private @matmul(
// CHECK: tensorir.prim_func private @add1(
