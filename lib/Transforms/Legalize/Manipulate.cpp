//===- Manipulate.cpp - legalization of shape manipulation (reshape, concat, ...) ===//

#include "Legalize.h"

using namespace mlir;
using namespace mlir::relax;

void relax::populateManipulateLegalizers(LegalizerTable &table) {}
