//===- TvmlirModule.cpp - the `_tvmlir` Python extension ------------------===//
//
// Registers the `relax` and `tensorir` dialects with contexts and registries
// of the `mlir` Python package.
//
//===----------------------------------------------------------------------===//

#include "Support/InputGuards.h"
#include "tvmlir/CAPI/Dialects.h"
#include "tvmlir/Conversion/Passes.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/Bindings/Python/NanobindAdaptors.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

namespace nb = nanobind;

NB_MODULE(_tvmlir, m) {
  m.doc() = "The relax and tensorir dialects for the mlir Python package.";

  m.def(
      "register_dialects",
      [](MlirContext context, bool load) {
        MlirDialectHandle handles[] = {mlirGetDialectHandle__relax__(),
                                       mlirGetDialectHandle__tensorir__()};
        for (MlirDialectHandle handle : handles) {
          mlirDialectHandleRegisterDialect(handle, context);
          if (load)
            mlirDialectHandleLoadDialect(handle, context);
        }
      },
      nb::arg("context"), nb::arg("load") = true,
      "Registers (and by default loads) the relax and tensorir dialects in `context`.");

  m.def(
      "insert_dialects",
      [](MlirDialectRegistry registry) { tvmlirRegisterDialects(registry); },
      nb::arg("registry"), "Adds the relax and tensorir dialects to `registry`.");

  m.def(
      "register_passes",
      [] {
        mlir::relax::registerTvmlirPasses();
        mlir::relax::registerTvmlirConversionPasses();
        mlir::relax::registerTvmlirPipelines();
      },
      "Registers tvmlir's passes (relax-legalize-ops, ...) with MLIR's pass registry.");

  m.def(
      "find_oversized_result_number",
      [](const std::string &text) -> std::optional<nb::tuple> {
        std::optional<tvmlir::InputProblem> problem = tvmlir::findOversizedResultNumber(text);
        if (!problem)
          return std::nullopt;
        return nb::make_tuple(problem->line, problem->column, problem->message);
      },
      nb::arg("text"),
      "(line, column, message) of a `%v#N` reference that would abort MLIR's parser, or None.");
}
