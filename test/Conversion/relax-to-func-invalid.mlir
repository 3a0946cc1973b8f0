// RUN: relax-opt %s --convert-relax-to-func -split-input-file -verify-diagnostics

relax.function @not_legalized(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.nn.relu' op cannot be compiled: run LegalizeOps first (tvmlir.compile does) or this operator has no legalization yet}}
  %0 = relax.nn.relu %x : tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{cannot compile a dimension known by no name: 'tensor<?x4xf32>' (name it with #relax.sym)}}
relax.function @anonymous(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  relax.return %x : tensor<?x4xf32>
}

// -----

tensorir.prim_func private @widen(%a: memref<?xf32>, %b: memref<?xf32>) {
}
relax.function @unknown_size(%x: tensor<?xf32, #relax.sym<["n"]>>) -> tensor<?xf32, #relax.sym<["n"]>> {
  // expected-error@+1 {{the size of symbolic dimension 'm' is not given by any argument}}
  %0 = relax.call_tir @widen(%x) : (tensor<?xf32, #relax.sym<["n"]>>) -> tensor<?xf32, #relax.sym<["m"]>>
  relax.return %x : tensor<?xf32, #relax.sym<["n"]>>
}
