//===- RelaxConvOps.td - relax convolution and pooling -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_CONV_OPS_TD
#define TVMLIR_RELAX_CONV_OPS_TD

#endif // TVMLIR_RELAX_CONV_OPS_TD
