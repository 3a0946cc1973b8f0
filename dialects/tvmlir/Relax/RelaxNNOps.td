//===- RelaxNNOps.td - relax neural-network operators: softmax, norms, conv2d, pooling, attention -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_NN_OPS_TD
#define TVMLIR_RELAX_NN_OPS_TD

#endif // TVMLIR_RELAX_NN_OPS_TD
