// Symbolic dimensions (TVM's R.Tensor(("n", 784))) are `?` dims named by the
// #relax.sym encoding; shape inference carries the names through.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// CHECK-LABEL: relax.function @mlp
// CHECK-SAME: %{{.*}}: tensor<?x784xf32, #relax.sym<["n"]>>
relax.function @mlp(%x: tensor<?x784xf32, #relax.sym<["n"]>>, %w: tensor<256x784xf32>, %b: tensor<256xf32>)
    -> tensor<?x256xf32, #relax.sym<["n"]>> {
  %gv = relax.dataflow -> tensor<?x256xf32, #relax.sym<["n"]>> {
    %t = relax.permute_dims %w : tensor<256x784xf32> -> tensor<784x256xf32>
    // CHECK: relax.matmul {{.*}} : tensor<?x784xf32, #relax.sym<["n"]>>, tensor<784x256xf32> -> tensor<?x256xf32, #relax.sym<["n"]>>
    %m = relax.matmul %x, %t : tensor<?x784xf32, #relax.sym<["n"]>>, tensor<784x256xf32> -> tensor<?x256xf32, #relax.sym<["n"]>>
    // CHECK: relax.add {{.*}} -> tensor<?x256xf32, #relax.sym<["n"]>>
    %a = relax.add %m, %b : tensor<?x256xf32, #relax.sym<["n"]>>, tensor<256xf32> -> tensor<?x256xf32, #relax.sym<["n"]>>
    relax.output %a : tensor<?x256xf32, #relax.sym<["n"]>>
  }
  relax.return %gv : tensor<?x256xf32, #relax.sym<["n"]>>
}

// CHECK-LABEL: relax.function @broadcast_names
relax.function @broadcast_names(%a: tensor<?x1xf32, #relax.sym<["n"]>>, %b: tensor<?x?xf32, #relax.sym<["n", "m"]>>,
                                %c: tensor<?xf32, #relax.sym<["k"]>>, %d: tensor<8x?xf32, #relax.sym<["j"]>>)
    -> tensor<?x?xf32, #relax.sym<["n", "?"]>> {
  // n against n stays n; 1 stretches to m.
  // CHECK: -> tensor<?x?xf32, #relax.sym<["n", "m"]>>
  %0 = relax.add %a, %b : tensor<?x1xf32, #relax.sym<["n"]>>, tensor<?x?xf32, #relax.sym<["n", "m"]>> -> tensor<?x?xf32, #relax.sym<["n", "m"]>>
  // m against k is not known by name.
  // CHECK: -> tensor<?x?xf32, #relax.sym<["n", "?"]>>
  %1 = relax.add %0, %c : tensor<?x?xf32, #relax.sym<["n", "m"]>>, tensor<?xf32, #relax.sym<["k"]>> -> tensor<?x?xf32, #relax.sym<["n", "?"]>>
  // A static extent wins over a symbol (the symbol must be 1 or equal).
  // CHECK: -> tensor<8x?xf32, #relax.sym<["j"]>>
  %2 = relax.add %d, %a : tensor<8x?xf32, #relax.sym<["j"]>>, tensor<?x1xf32, #relax.sym<["n"]>> -> tensor<8x?xf32, #relax.sym<["j"]>>
  // CHECK: relax.permute_dims {{.*}} -> tensor<?x8xf32, #relax.sym<["j"]>>
  %3 = relax.permute_dims %2 : tensor<8x?xf32, #relax.sym<["j"]>> -> tensor<?x8xf32, #relax.sym<["j"]>>
  relax.return %1 : tensor<?x?xf32, #relax.sym<["n", "?"]>>
}
