//===- SchemeBindings.cpp - The scheme library as numpy arrays ------------===//
//
// `stl.Scheme` is the library's value type; its coefficients are copied in
// and out as float64 numpy arrays shaped like the math: u is r x (m*k),
// v is r x (k*n), w is (m*n) x r. Library errors (unknown names, malformed
// files, wrong sizes) raise ValueError with the library's message.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "stl/Dialect/STL/IR/STLAttrs.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Scheme/Scheme.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <nanobind/ndarray.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <cstring>
#include <tuple>

namespace nb = nanobind;
using ::mlir::stl::Scheme;

namespace {

using Matrix = nb::ndarray<nb::numpy, double, nb::ndim<2>>;
using InputMatrix = nb::ndarray<const double, nb::c_contig, nb::device::cpu>;

template <typename T> T unwrap(llvm::Expected<T> value) {
  if (!value)
    throw nb::value_error(llvm::toString(value.takeError()).c_str());
  return std::move(*value);
}

void check(llvm::Error err) {
  if (err)
    throw nb::value_error(llvm::toString(std::move(err)).c_str());
}

/// A fresh numpy array owning a copy of `values` (an object, so that property
/// getters do not tie its lifetime to the scheme).
nb::object toMatrix(const std::vector<double> &values, size_t rows,
                    size_t cols) {
  auto *data = new double[values.size()];
  std::memcpy(data, values.data(), values.size() * sizeof(double));
  nb::capsule owner(data, [](void *p) noexcept { delete[](double *) p; });
  return Matrix(data, {rows, cols}, owner).cast();
}

/// The coefficients of `a`, which must be a rows x cols matrix (or a flat
/// array of rows*cols entries, read row-major).
std::vector<double> fromMatrix(const InputMatrix &a, size_t rows, size_t cols,
                               const char *field, const char *layout) {
  auto expected = [&] {
    return std::string(field) + " must be " + std::to_string(rows) + " x " +
           std::to_string(cols) + " (" + layout + ")";
  };
  if (a.ndim() == 2 && (a.shape(0) != rows || a.shape(1) != cols))
    throw nb::value_error((expected() + ", got " + std::to_string(a.shape(0)) +
                           " x " + std::to_string(a.shape(1)))
                              .c_str());
  if (a.ndim() > 2 || a.size() != rows * cols)
    throw nb::value_error(
        (expected() + ", got " + std::to_string(a.size()) + " entries")
            .c_str());
  return std::vector<double>(a.data(), a.data() + a.size());
}

/// The tile and rank limits every scheme obeys (docs/Schemes.md), checked
/// before any size product is formed; `what` names the caller.
void checkSchemeLimits(const char *what, int64_t m, int64_t k, int64_t n,
                       int64_t rank) {
  std::string error = ::stl::core::checkSchemeExtents(m, k, n, rank);
  if (!error.empty())
    throw nb::value_error((std::string(what) + ": <" + std::to_string(m) + "," +
                           std::to_string(k) + "," + std::to_string(n) +
                           ">: " + error)
                              .c_str());
}

Scheme makeScheme(const std::string &name,
                  std::tuple<int64_t, int64_t, int64_t> tile,
                  const InputMatrix &u, const InputMatrix &v,
                  const InputMatrix &w) {
  Scheme s;
  s.name = name;
  std::tie(s.m, s.k, s.n) = tile;
  // The rank is the number of rows of u; every size is checked against it.
  if (u.ndim() != 2)
    throw nb::value_error("u must be a 2-d array (rank x m*k)");
  s.rank = static_cast<int64_t>(u.shape(0));
  checkSchemeLimits("Scheme", s.m, s.k, s.n, s.rank);
  s.u = fromMatrix(u, s.rank, s.m * s.k, "u", "rank x m*k");
  s.v = fromMatrix(v, s.rank, s.k * s.n, "v", "rank x k*n");
  s.w = fromMatrix(w, s.m * s.n, s.rank, "w", "m*n x rank");
  check(s.validate());
  return s;
}

/// The `#stl.scheme<...>` attribute text of `s` (the short form for a
/// library scheme, coefficients inline otherwise).
std::string toMLIR(const Scheme &s) {
  mlir::MLIRContext context;
  context.loadDialect<mlir::stl::STLDialect>();
  std::string error;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    llvm::raw_string_ostream(error) << d;
    return mlir::success();
  });
  auto attr = mlir::stl::SchemeAttr::getChecked(
      [&] { return mlir::emitError(mlir::UnknownLoc::get(&context)); },
      &context, s);
  if (!attr)
    throw nb::value_error(error.c_str());
  std::string text;
  llvm::raw_string_ostream os(text);
  mlir::Attribute(attr).print(os);
  return text;
}

} // namespace

void ::mlir::stl::python::bindSchemes(nb::module_ &m) {
  nb::class_<Scheme>(m, "Scheme",
                     "A rank-r bilinear algorithm for the <m,k,n> tile "
                     "product (see docs/Schemes.md)")
      .def(
          "__init__",
          [](Scheme *self, const std::string &name,
             std::tuple<int64_t, int64_t, int64_t> tile, InputMatrix u,
             InputMatrix v, InputMatrix w) {
            new (self) Scheme(makeScheme(name, tile, u, v, w));
          },
          nb::arg("name"), nb::arg("tile"), nb::arg("u"), nb::arg("v"),
          nb::arg("w"))
      .def_rw("name", &Scheme::name)
      .def_prop_ro(
          "tile",
          [](const Scheme &s) { return std::make_tuple(s.m, s.k, s.n); })
      .def_ro("rank", &Scheme::rank)
      .def_prop_ro(
          "u", [](const Scheme &s) { return toMatrix(s.u, s.rank, s.m * s.k); },
          "lhs encoder, r x (m*k) (a copy)")
      .def_prop_ro(
          "v", [](const Scheme &s) { return toMatrix(s.v, s.rank, s.k * s.n); },
          "rhs encoder, r x (k*n) (a copy)")
      .def_prop_ro(
          "w", [](const Scheme &s) { return toMatrix(s.w, s.m * s.n, s.rank); },
          "decoder, (m*n) x r (a copy)")
      .def_prop_ro("multiply_ratio", &Scheme::multiplyRatio)
      .def_prop_ro("has_integer_coefficients", &Scheme::hasIntegerCoefficients)
      .def("to_json",
           [](const Scheme &s) { return ::mlir::stl::schemeToJSON(s); })
      .def("to_mlir", &toMLIR,
           "The #stl.scheme attribute of this scheme, as IR text")
      .def("__repr__", [](const Scheme &s) {
        return "<stl.Scheme '" + s.name + "' <" + std::to_string(s.m) + "," +
               std::to_string(s.k) + "," + std::to_string(s.n) + ";" +
               std::to_string(s.rank) + ">>";
      });

  nb::class_<::mlir::stl::BrentReport>(
      m, "BrentReport", "How far a scheme is from the tile product")
      .def_ro("max_residual", &::mlir::stl::BrentReport::maxResidual)
      .def_ro("relative_error", &::mlir::stl::BrentReport::relativeError,
              "||T - T_hat||_F / ||T||_F")
      .def_ro("exact", &::mlir::stl::BrentReport::exact)
      .def("__repr__", [](const ::mlir::stl::BrentReport &r) {
        return "<stl.BrentReport exact=" +
               std::string(r.exact ? "True" : "False") +
               " max_residual=" + std::to_string(r.maxResidual) +
               " relative_error=" + std::to_string(r.relativeError) + ">";
      });

  m.def(
      "list_schemes",
      [] {
        std::vector<std::pair<std::string, std::string>> result;
        for (const ::mlir::stl::LibraryEntry &e :
             ::mlir::stl::listLibrarySchemes())
          result.emplace_back(e.name, e.description);
        return result;
      },
      "(name, description) of every library scheme");
  m.def(
      "lookup_scheme",
      [](const std::string &nameOrPath) {
        return unwrap(::mlir::stl::resolveScheme(nameOrPath));
      },
      nb::arg("name_or_path"),
      "A library scheme (or naive-MxKxN), or a JSON file when the argument "
      "ends in .json or contains '/'");
  m.def(
      "load_scheme",
      [](const std::string &path) {
        return unwrap(::mlir::stl::readSchemeFile(path));
      },
      nb::arg("path"));
  m.def(
      "scheme_from_json",
      [](const std::string &text, const std::string &origin) {
        return unwrap(::mlir::stl::parseSchemeJSON(text, origin));
      },
      nb::arg("text"), nb::arg("origin") = "<string>");
  // The core functions take and return the core scheme; Python knows the
  // compiler's stl::Scheme (derived from it) only.
  m.def(
      "check_brent",
      [](const ::mlir::stl::Scheme &scheme, double tolerance) {
        return ::mlir::stl::checkBrent(scheme, tolerance);
      },
      nb::arg("scheme"), nb::arg("tolerance") = 1e-12,
      "Evaluates the Brent equations");
  m.def(
      "compose",
      [](const ::mlir::stl::Scheme &outer, const ::mlir::stl::Scheme &inner) {
        // The product's extents multiply: checked before it is allocated.
        checkSchemeLimits("compose", outer.m * inner.m, outer.k * inner.k,
                          outer.n * inner.n, outer.rank * inner.rank);
        return ::mlir::stl::Scheme(::mlir::stl::compose(outer, inner));
      },
      nb::arg("outer"), nb::arg("inner"),
      "Kronecker product: outer on blocks, inner inside them");
  m.def(
      "naive_scheme",
      [](int64_t m, int64_t k, int64_t n) {
        // The limits of the library name naive-MxKxN, whose rank is m*k*n.
        checkSchemeLimits("naive_scheme", m, k, n, 1);
        if (m * k * n > ::stl::core::kMaxNaiveRank)
          throw nb::value_error(("naive_scheme: <" + std::to_string(m) + "," +
                                 std::to_string(k) + "," + std::to_string(n) +
                                 ">: naive tiles are limited to M*K*N <= " +
                                 std::to_string(::stl::core::kMaxNaiveRank))
                                    .c_str());
        return ::mlir::stl::Scheme(::mlir::stl::getNaiveScheme(m, k, n));
      },
      nb::arg("m"), nb::arg("k"), nb::arg("n"));
  m.def(
      "fit_als",
      [](int64_t m, int64_t k, int64_t n, int64_t rank, unsigned iterations,
         uint64_t seed) {
        llvm::Expected<Scheme> fitted = [&] {
          nb::gil_scoped_release release;
          return ::mlir::stl::fitSchemeALS(m, k, n, rank, iterations, seed);
        }();
        return unwrap(std::move(fitted));
      },
      nb::arg("m"), nb::arg("k"), nb::arg("n"), nb::arg("rank"),
      nb::arg("iterations") = ::mlir::stl::kDefaultFitIterations,
      nb::arg("seed") = ::mlir::stl::kDefaultFitSeed,
      "The library's CP-ALS fit (what `stl-scheme fit` runs)");
}
