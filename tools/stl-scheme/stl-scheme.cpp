//===- stl-scheme.cpp - Inspect, check and build STL schemes --------------===//
//
// Command-line front end of the scheme library (docs/Schemes.md):
//
//   stl-scheme list
//   stl-scheme show NAME|FILE
//   stl-scheme verify [--require-exact] NAME|FILE
//   stl-scheme compose A B [--name NAME] [-o OUT]
//   stl-scheme export NAME|FILE [-o OUT]
//   stl-scheme fit M K N RANK [--iterations N] [--seed S] [--name NAME]
//                  [-o OUT]
//
// Errors print one "error: ..." line on stderr and exit with status 1.
//
//===----------------------------------------------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

using namespace stl;

namespace {

const char *const kUsage = R"(usage: stl-scheme <command> [options]

Commands:
  list                          library schemes with tile, rank, multiply
                                ratio and whether they are exact
  show NAME|FILE                the products and outputs of a scheme
  verify NAME|FILE              check the Brent equations; exit 0 for any
                                well-formed scheme
      --require-exact           exit 1 if the scheme is only approximate
  compose A B                   Kronecker product A (x) B (A on blocks,
                                B inside them)
  export NAME|FILE              write a scheme as JSON
  fit M K N RANK                least-squares (CP-ALS) scheme of the given
                                tile and rank
      --iterations N            ALS sweeps (default 500)
      --seed S                  starting point (default 57; `fit 4 4 4 24`
                                reproduces cp-als-4x4x4-r24)

Options of compose, export and fit:
  -o FILE                       output file (default: standard output)
  --name NAME                   name stored in the written scheme

NAME is a library scheme (see `list`, plus naive-MxKxN for any tile); an
argument ending in ".json" or containing '/' is read as a scheme file.
)";

int usageError(const llvm::Twine &message) {
  llvm::outs().flush();
  llvm::WithColor::error(llvm::errs(), "stl-scheme") << message << "\n";
  llvm::errs() << kUsage;
  return 1;
}

int fail(llvm::Error err) {
  // Keep what was already printed (e.g. verify's report) before the error.
  llvm::outs().flush();
  llvm::WithColor::error(llvm::errs(), "stl-scheme")
      << llvm::toString(std::move(err)) << "\n";
  return 1;
}

/// Arguments of one command: positionals and the options it accepts.
struct Args {
  llvm::SmallVector<llvm::StringRef> positional;
  std::optional<llvm::StringRef> output, name, iterations, seed;
  bool requireExact = false;
};

/// Splits argv into positionals and known options; `allowed` lists the
/// options valid for the command.
std::optional<std::string> parseArgs(llvm::ArrayRef<const char *> argv,
                                     llvm::ArrayRef<llvm::StringRef> allowed,
                                     Args &args) {
  for (size_t i = 0; i < argv.size(); ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "-" || !arg.starts_with("-")) {
      args.positional.push_back(arg);
      continue;
    }
    llvm::StringRef option = arg, inlineValue;
    bool hasInline = false;
    if (arg.starts_with("--") && arg.contains('=')) {
      std::tie(option, inlineValue) = arg.split('=');
      hasInline = true;
    }
    if (!llvm::is_contained(allowed, option))
      return "unknown option '" + arg.str() + "'";
    if (option == "--require-exact") {
      if (hasInline)
        return "option '--require-exact' takes no value";
      args.requireExact = true;
      continue;
    }
    llvm::StringRef value = inlineValue;
    if (!hasInline) {
      if (i + 1 == argv.size())
        return "option '" + option.str() + "' needs a value";
      value = argv[++i];
    }
    if (option == "-o")
      args.output = value;
    else if (option == "--name")
      args.name = value;
    else if (option == "--iterations")
      args.iterations = value;
    else if (option == "--seed")
      args.seed = value;
  }
  return std::nullopt;
}

std::string tileText(const Scheme &s) {
  return std::to_string(s.m) + "x" + std::to_string(s.k) + "x" +
         std::to_string(s.n);
}

/// "a12" when every index is a single digit, "a(10,2)" otherwise.
std::string entryName(char letter, int64_t i, int64_t j, bool wide) {
  if (wide)
    return std::string(1, letter) + "(" + std::to_string(i + 1) + "," +
           std::to_string(j + 1) + ")";
  return std::string(1, letter) + std::to_string(i + 1) + std::to_string(j + 1);
}

/// Renders sum_t coefficients[t] * names[t], skipping zeros.
std::string linearForm(llvm::ArrayRef<double> coefficients,
                       llvm::function_ref<std::string(size_t)> name) {
  std::string text;
  for (size_t t = 0; t < coefficients.size(); ++t) {
    double c = coefficients[t];
    if (c == 0)
      continue;
    bool negative = c < 0;
    double magnitude = std::fabs(c);
    if (text.empty())
      text += negative ? "-" : "";
    else
      text += negative ? " - " : " + ";
    if (magnitude != 1) {
      std::string number;
      llvm::raw_string_ostream(number) << llvm::format("%.6g", magnitude);
      text += number + "*";
    }
    text += name(t);
  }
  return text.empty() ? "0" : text;
}

/// Wraps a sum in parentheses; single terms stay bare.
std::string parenthesize(const std::string &form) {
  if (form.find(' ') == std::string::npos)
    return form;
  return "(" + form + ")";
}

int commandList() {
  llvm::outs() << llvm::format("%-22s %-7s %6s %6s  %-11s %s\n", "name", "tile",
                               "rank", "ratio", "kind", "description");
  for (const LibraryEntry &entry : listLibrarySchemes()) {
    llvm::Expected<Scheme> s = lookupScheme(entry.name);
    if (!s)
      return fail(s.takeError());
    BrentReport report = checkBrent(*s);
    llvm::outs() << llvm::format(
        "%-22s %-7s %6lld %6.3f  %-11s %s\n", entry.name.c_str(),
        tileText(*s).c_str(), static_cast<long long>(s->rank),
        s->multiplyRatio(), report.exact ? "exact" : "APPROXIMATE",
        entry.description.c_str());
  }
  llvm::outs() << llvm::format("%-22s %-7s %6s %6.3f  %-11s %s\n",
                               "naive-MxKxN", "MxKxN", "M*K*N", 1.0, "exact",
                               "classical algorithm for any tile");
  llvm::outs() << "APPROXIMATE schemes mix the rows of a tile; rewrites of "
                  "existing matmuls use them only when asked to.\n";
  return 0;
}

void printSummary(const Scheme &s, const BrentReport &report) {
  llvm::outs() << "scheme: " << s.name << "\n"
               << "tile: " << tileText(s) << "\n"
               << "rank: " << s.rank << "\n"
               << llvm::format("multiply ratio: %.3f\n", s.multiplyRatio())
               << "integer coefficients: "
               << (s.hasIntegerCoefficients() ? "yes" : "no") << "\n"
               << llvm::format("max residual: %.3g\n", report.maxResidual)
               << llvm::format("relative error: %.6g\n", report.relativeError)
               << "result: " << (report.exact ? "exact" : "approximate")
               << "\n";
}

int commandShow(const Args &args) {
  if (args.positional.size() != 1)
    return usageError("show takes one scheme");
  llvm::Expected<Scheme> s = resolveScheme(args.positional[0]);
  if (!s)
    return fail(s.takeError());
  BrentReport report = checkBrent(*s);
  printSummary(*s, report);
  bool wide = s->m > 9 || s->k > 9 || s->n > 9;
  for (int64_t l = 0; l < s->rank; ++l) {
    llvm::ArrayRef<double> u(&s->u[l * s->m * s->k], s->m * s->k);
    llvm::ArrayRef<double> v(&s->v[l * s->k * s->n], s->k * s->n);
    std::string lhs = linearForm(
        u, [&](size_t t) { return entryName('a', t / s->k, t % s->k, wide); });
    std::string rhs = linearForm(
        v, [&](size_t t) { return entryName('b', t / s->n, t % s->n, wide); });
    llvm::outs() << "p" << (l + 1) << " = " << parenthesize(lhs) << " * "
                 << parenthesize(rhs) << "\n";
  }
  for (int64_t i = 0; i < s->m; ++i)
    for (int64_t q = 0; q < s->n; ++q) {
      llvm::ArrayRef<double> w(&s->w[(i * s->n + q) * s->rank], s->rank);
      llvm::outs() << entryName('c', i, q, wide) << " = "
                   << linearForm(
                          w,
                          [](size_t t) { return "p" + std::to_string(t + 1); })
                   << "\n";
    }
  return 0;
}

int commandVerify(const Args &args) {
  if (args.positional.size() != 1)
    return usageError("verify takes one scheme");
  llvm::Expected<Scheme> s = resolveScheme(args.positional[0]);
  if (!s)
    return fail(s.takeError());
  BrentReport report = checkBrent(*s);
  printSummary(*s, report);
  if (!report.exact && args.requireExact)
    return fail(llvm::createStringError(
        "scheme '%s' is approximate (relative error %.6g) but "
        "--require-exact was given",
        s->name.c_str(), report.relativeError));
  return 0;
}

int writeScheme(const Scheme &s, const Args &args) {
  Scheme named = s;
  if (args.name) {
    if (args.name->empty())
      return usageError("--name must not be empty");
    named.name = args.name->str();
  }
  llvm::StringRef path = args.output.value_or("-");
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail(llvm::createStringError("cannot write '" + path.str() +
                                        "': " + ec.message()));
  out.os() << schemeToJSON(named);
  out.os().flush();
  if (out.os().has_error())
    return fail(llvm::createStringError("cannot write '" + path.str() +
                                        "': " + out.os().error().message()));
  out.keep();
  return 0;
}

int commandCompose(const Args &args) {
  if (args.positional.size() != 2)
    return usageError("compose takes two schemes");
  llvm::Expected<Scheme> a = resolveScheme(args.positional[0]);
  if (!a)
    return fail(a.takeError());
  llvm::Expected<Scheme> b = resolveScheme(args.positional[1]);
  if (!b)
    return fail(b.takeError());
  // Keep the result inside what scheme files may hold, so that what is
  // written can be read back (and a typo cannot allocate gigabytes). Inputs
  // are validated, so none of these products overflows.
  int64_t m = a->m * b->m, k = a->k * b->k, n = a->n * b->n;
  int64_t rank = a->rank * b->rank;
  constexpr int64_t kMaxCoefficients = int64_t(1) << 26;
  if (m > 1024 || k > 1024 || n > 1024 || rank > (int64_t(1) << 20) ||
      rank * std::max({m * k, k * n, m * n}) > kMaxCoefficients)
    return fail(llvm::createStringError(
        "compose: result <%lld,%lld,%lld> of rank %lld is too large",
        static_cast<long long>(m), static_cast<long long>(k),
        static_cast<long long>(n), static_cast<long long>(rank)));
  return writeScheme(compose(*a, *b), args);
}

int commandExport(const Args &args) {
  if (args.positional.size() != 1)
    return usageError("export takes one scheme");
  llvm::Expected<Scheme> s = resolveScheme(args.positional[0]);
  if (!s)
    return fail(s.takeError());
  return writeScheme(*s, args);
}

std::optional<uint64_t> parseCount(llvm::StringRef text) {
  uint64_t value;
  if (text.getAsInteger(10, value))
    return std::nullopt;
  return value;
}

int commandFit(const Args &args) {
  if (args.positional.size() != 4)
    return usageError("fit takes M K N RANK");
  int64_t dims[4];
  const char *names[4] = {"M", "K", "N", "RANK"};
  for (int i = 0; i < 4; ++i) {
    std::optional<uint64_t> value = parseCount(args.positional[i]);
    if (!value || *value == 0 || *value > (uint64_t(1) << 20))
      return usageError(llvm::Twine("fit: ") + names[i] +
                        " must be a positive integer, got '" +
                        args.positional[i] + "'");
    dims[i] = static_cast<int64_t>(*value);
  }
  uint64_t iterations = kDefaultFitIterations, seed = kDefaultFitSeed;
  if (args.iterations) {
    std::optional<uint64_t> value = parseCount(*args.iterations);
    if (!value || *value > 100000)
      return usageError("--iterations must be an integer in [0, 100000]");
    iterations = *value;
  }
  if (args.seed) {
    std::optional<uint64_t> value = parseCount(*args.seed);
    if (!value)
      return usageError("--seed must be a non-negative integer");
    seed = *value;
  }
  llvm::Expected<Scheme> s =
      fitSchemeALS(dims[0], dims[1], dims[2], dims[3],
                   static_cast<unsigned>(iterations), seed);
  if (!s)
    return fail(s.takeError());
  return writeScheme(*s, args);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc < 2)
    return usageError("missing command");
  llvm::StringRef command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    llvm::outs() << kUsage;
    return 0;
  }
  llvm::ArrayRef<const char *> rest(argv + 2, argv + argc);
  if (llvm::any_of(rest, [](llvm::StringRef arg) {
        return arg == "-h" || arg == "--help";
      })) {
    llvm::outs() << kUsage;
    return 0;
  }
  Args args;
  auto parse = [&](llvm::ArrayRef<llvm::StringRef> allowed) {
    std::optional<std::string> error = parseArgs(rest, allowed, args);
    if (error)
      usageError(*error);
    return !error;
  };
  if (command == "list") {
    if (!parse({}))
      return 1;
    if (!args.positional.empty())
      return usageError("list takes no arguments");
    return commandList();
  }
  if (command == "show")
    return parse({}) ? commandShow(args) : 1;
  if (command == "verify")
    return parse({"--require-exact"}) ? commandVerify(args) : 1;
  if (command == "compose")
    return parse({"-o", "--name"}) ? commandCompose(args) : 1;
  if (command == "export")
    return parse({"-o", "--name"}) ? commandExport(args) : 1;
  if (command == "fit")
    return parse({"-o", "--name", "--iterations", "--seed"}) ? commandFit(args)
                                                             : 1;
  return usageError("unknown command '" + command + "'");
}
