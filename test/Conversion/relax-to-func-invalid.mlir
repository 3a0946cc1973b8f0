// RUN: relax-opt %s --convert-relax-to-func -split-input-file -verify-diagnostics

relax.function @not_legalized(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.nn.relu' op cannot be compiled: run LegalizeOps first (tvmlir.compile does) or this operator has no legalization yet}}
  %0 = relax.nn.relu %x : tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{compiling symbolic shapes is not supported yet: 'tensor<?x4xf32, #relax.sym<["n"]>>'}}
relax.function @symbolic(%x: tensor<?x4xf32, #relax.sym<["n"]>>) -> tensor<?x4xf32, #relax.sym<["n"]>> {
  relax.return %x : tensor<?x4xf32, #relax.sym<["n"]>>
}
