//===- RelaxManipulateOps.td - relax shape manipulation: reshape, concat, split, ... -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_MANIPULATE_OPS_TD
#define TVMLIR_RELAX_MANIPULATE_OPS_TD

#endif // TVMLIR_RELAX_MANIPULATE_OPS_TD
