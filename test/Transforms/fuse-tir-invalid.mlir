// RUN: relax-opt %s --relax-fuse-tir -split-input-file -verify-diagnostics

// A fused function that calls a relax function (here itself: a cycle).
relax.function private @fused_cycle(%x: tensor<4xf32>) -> tensor<4xf32> attributes {Primitive = 1 : i64} {
  %gv = relax.dataflow -> tensor<4xf32> {
    // expected-error@+1 {{'relax.call' op cannot be fused into a prim_func: fused function @fused_cycle may hold only relax.call_tir}}
    %0 = relax.call @fused_cycle(%x) : (tensor<4xf32>) -> tensor<4xf32>
    relax.output %0 : tensor<4xf32>
  }
  relax.return %gv : tensor<4xf32>
}
relax.function @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.call @fused_cycle(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

// A fused function whose body is not a dataflow block.
// expected-error@+1 {{'relax.function' op FuseTIR expects a fused function whose body is a dataflow block}}
relax.function private @fused_flat(%x: tensor<4xf32>) -> tensor<4xf32> attributes {Primitive = 1 : i64} {
  relax.return %x : tensor<4xf32>
}
relax.function @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.call @fused_flat(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}
