// RUN: relax-opt %s --relax-legalize-ops --relax-dead-code-elimination | FileCheck %s
// RUN: relax-opt %s --relax-legalize-ops --relax-dead-code-elimination --relax-dead-code-elimination | FileCheck %s

// A dataflow result nothing reads is dropped from relax.output, and then the
// binding that only it read goes too, with its prim_func.
// CHECK-LABEL: relax.function @main(
// CHECK: %[[GV:.*]] = relax.dataflow -> tensor<4xf32> {
// CHECK-NEXT: %[[R:.*]] = relax.call_tir @relu(
// CHECK-NEXT: relax.output %[[R]] : tensor<4xf32>
// CHECK: relax.return %[[GV]]
relax.function @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %gv:2 = relax.dataflow -> tensor<4xf32>, tensor<4xf32> {
    %r = relax.nn.relu %x : tensor<4xf32>
    %a = relax.add %r, %r : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    relax.output %r, %a : tensor<4xf32>, tensor<4xf32>
  }
  relax.return %gv#0 : tensor<4xf32>
}

// A chain of unused bindings goes in one run; the used one stays.
// CHECK-LABEL: relax.function @chain(
// CHECK: relax.dataflow
// CHECK-NEXT: relax.call_tir @exp(
// CHECK-NEXT: relax.output
relax.function @chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %gv = relax.dataflow -> tensor<4xf32> {
    %e = relax.exp %x : tensor<4xf32>
    %s = relax.sigmoid %x : tensor<4xf32>
    %t = relax.tanh %s : tensor<4xf32>
    %u = relax.multiply %t, %t : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    relax.output %e : tensor<4xf32>
  }
  relax.return %gv : tensor<4xf32>
}

// A dataflow block none of whose results is used goes whole.
// CHECK-LABEL: relax.function @unused_block(
// CHECK-NOT: relax.dataflow
// CHECK: relax.return %arg0
relax.function @unused_block(%x: tensor<4xf32>) -> tensor<4xf32> {
  %gv = relax.dataflow -> tensor<4xf32> {
    %e = relax.exp %x : tensor<4xf32>
    relax.output %e : tensor<4xf32>
  }
  relax.return %x : tensor<4xf32>
}

// Private functions no public function reaches go; the called one stays.
// CHECK-LABEL: relax.function private @helper(
// CHECK-NOT: @unreached
// CHECK-NOT: @sigmoid
// CHECK-NOT: @tanh
// CHECK-NOT: @multiply
// CHECK-NOT: @add(
relax.function private @unreached(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}
relax.function private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}
relax.function @caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}
