//===- RelaxReduceOps.td - relax reductions: sum, mean, max, argmax, ... -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_REDUCE_OPS_TD
#define TVMLIR_RELAX_REDUCE_OPS_TD

#endif // TVMLIR_RELAX_REDUCE_OPS_TD
