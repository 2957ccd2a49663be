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
// The commands are llvm::cl subcommands (`stl-scheme CMD --help`). Errors
// print one "error: ..." line on stderr and exit with status 1.
//
//===----------------------------------------------------------------------===//

#include "stl/Scheme/Fit.h"
#include "stl/Scheme/Scheme.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

using namespace mlir::stl;

namespace {

namespace cl = llvm::cl;

cl::OptionCategory schemeCategory("stl-scheme options");

cl::SubCommand listCommand("list", "Library schemes: tile, rank, multiply "
                                   "ratio, coefficient set, nonzeros of u, v, "
                                   "w and whether they are exact");
cl::SubCommand showCommand("show", "The products and outputs of a scheme");
cl::SubCommand verifyCommand("verify",
                             "Check the Brent equations; exit 0 for any "
                             "well-formed scheme unless --require-exact");
cl::SubCommand composeCommand("compose", "Kronecker product A (x) B (A on "
                                         "blocks, B inside them)");
cl::SubCommand exportCommand("export", "Write a scheme as JSON");
cl::SubCommand fitCommand("fit", "Least-squares scheme of a tile M K N and "
                                 "a rank (ALS or Levenberg-Marquardt)");

// Top-level positionals catch a misspelt command, to name it in the error.
cl::list<std::string> unknownCommand(cl::Positional, cl::Hidden,
                                     cl::sub(cl::SubCommand::getTopLevel()),
                                     cl::cat(schemeCategory));

cl::list<std::string> schemeArgs(cl::Positional,
                                 cl::desc("NAME|FILE (a library scheme, "
                                          "naive-MxKxN, or a .json file)"),
                                 cl::sub(showCommand), cl::sub(verifyCommand),
                                 cl::sub(composeCommand),
                                 cl::sub(exportCommand),
                                 cl::cat(schemeCategory));
cl::list<std::string> fitArgs(cl::Positional, cl::desc("M K N RANK"),
                              cl::sub(fitCommand), cl::cat(schemeCategory));
cl::list<std::string> listArgs(cl::Positional, cl::Hidden, cl::sub(listCommand),
                               cl::cat(schemeCategory));

cl::opt<bool> requireExact("require-exact",
                           cl::desc("Exit 1 if the scheme is approximate"),
                           cl::sub(verifyCommand), cl::cat(schemeCategory));
cl::opt<std::string> outputFile("o",
                                cl::desc("Output file (default: standard "
                                         "output)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::sub(composeCommand), cl::sub(exportCommand),
                                cl::sub(fitCommand), cl::cat(schemeCategory));
cl::opt<std::string> schemeName("name",
                                cl::desc("Name stored in the written scheme"),
                                cl::value_desc("name"), cl::sub(composeCommand),
                                cl::sub(exportCommand), cl::sub(fitCommand),
                                cl::cat(schemeCategory));
cl::opt<unsigned> iterations("iterations",
                             cl::desc("ALS sweeps, or LM steps per restart"),
                             cl::init(kDefaultFitIterations),
                             cl::sub(fitCommand), cl::cat(schemeCategory));
enum class FitMethod { ALS, LM };
cl::opt<FitMethod> fitMethod(
    "method", cl::desc("Optimizer"),
    cl::values(clEnumValN(FitMethod::ALS, "als",
                          "alternating least squares with a ridge term "
                          "(default, reproduces cp-als-4x4x4-r24)"),
               clEnumValN(FitMethod::LM, "lm",
                          "Levenberg-Marquardt on all factors at once: finds "
                          "exact schemes where the rank allows")),
    cl::init(FitMethod::ALS), cl::sub(fitCommand), cl::cat(schemeCategory));
cl::opt<unsigned> restarts("restarts",
                           cl::desc("Random starting points, the best fit "
                                    "is kept (ALS: seeds S, S+1, ...)"),
                           cl::init(1), cl::sub(fitCommand),
                           cl::cat(schemeCategory));
cl::opt<bool> quiet("quiet", cl::desc("No progress on standard error"),
                    cl::sub(fitCommand), cl::cat(schemeCategory));
cl::opt<uint64_t> seed("seed",
                       cl::desc("Starting point (`fit 4 4 4 24` with the "
                                "default reproduces cp-als-4x4x4-r24)"),
                       cl::init(kDefaultFitSeed), cl::sub(fitCommand),
                       cl::cat(schemeCategory));

const char *const kOverview =
    "inspect, check and build STL schemes (docs/Schemes.md)\n\n"
    "  stl-scheme list | show S | verify [--require-exact] S |\n"
    "             compose A B | export S | fit M K N RANK\n\n"
    "S is a library scheme (see `list`, plus naive-MxKxN for any tile); an\n"
    "argument ending in \".json\" or containing '/' is read as a scheme "
    "file.\n";

int usageError(const llvm::Twine &message) {
  llvm::outs().flush();
  llvm::WithColor::error(llvm::errs(), "stl-scheme") << message << "\n";
  llvm::errs() << "run 'stl-scheme --help' or 'stl-scheme COMMAND --help' "
                  "for usage\n";
  return 1;
}

int fail(llvm::Error err) {
  // Keep what was already printed (e.g. verify's report) before the error.
  llvm::outs().flush();
  llvm::WithColor::error(llvm::errs(), "stl-scheme")
      << llvm::toString(std::move(err)) << "\n";
  return 1;
}

/// Arguments of one command, from the options above.
struct Args {
  llvm::SmallVector<llvm::StringRef> positional;
};

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
  llvm::outs() << llvm::format(
      "%-26s %-6s %5s %6s  %-8s %5s %5s %5s  %-11s %s\n", "name", "tile",
      "rank", "ratio", "coeffs", "nnz-u", "nnz-v", "nnz-w", "kind",
      "description");
  for (const LibraryEntry &entry : listLibrarySchemes()) {
    llvm::Expected<Scheme> s = lookupScheme(entry.name);
    if (!s)
      return fail(s.takeError());
    BrentReport report = checkBrent(*s);
    NonzeroCounts nonzeros = countNonzeros(*s);
    llvm::outs() << llvm::format(
        "%-26s %-6s %5lld %6.3f  %-8s %5lld %5lld %5lld  %-11s %s\n",
        entry.name.c_str(), tileText(*s).c_str(),
        static_cast<long long>(s->rank), s->multiplyRatio(),
        coefficientSetName(s->coefficientSet()),
        static_cast<long long>(nonzeros.u), static_cast<long long>(nonzeros.v),
        static_cast<long long>(nonzeros.w),
        report.exact ? "exact" : "APPROXIMATE", entry.description.c_str());
  }
  llvm::outs() << llvm::format(
      "%-26s %-6s %5s %6.3f  %-8s %5s %5s %5s  %-11s %s\n", "naive-MxKxN",
      "MxKxN", "MKN", 1.0, "integer", "MKN", "MKN", "MKN", "exact",
      "classical algorithm for any tile");
  llvm::outs() << "coeffs: integer, dyadic (k/2^e: exact in binary floating "
                  "point; not for integer element types) or real.\n"
                  "nnz-u/v/w: nonzero coefficients of the encoders and the "
                  "decoder (what encode and decode cost).\n"
                  "APPROXIMATE schemes mix the rows of a tile; rewrites of "
                  "existing matmuls use them only when asked to.\n";
  return 0;
}

void printSummary(const Scheme &s, const BrentReport &report) {
  NonzeroCounts nonzeros = countNonzeros(s);
  llvm::outs() << "scheme: " << s.name << "\n"
               << "tile: " << tileText(s) << "\n"
               << "rank: " << s.rank << "\n"
               << llvm::format("multiply ratio: %.3f\n", s.multiplyRatio())
               << "integer coefficients: "
               << (s.hasIntegerCoefficients() ? "yes" : "no") << "\n"
               << llvm::format("max residual: %.3g\n", report.maxResidual)
               << llvm::format("relative error: %.6g\n", report.relativeError)
               << "result: " << (report.exact ? "exact" : "approximate") << "\n"
               << "coefficients: " << coefficientSetName(s.coefficientSet())
               << "\n"
               << "nonzeros: u " << nonzeros.u << ", v " << nonzeros.v << ", w "
               << nonzeros.w << "\n";
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
  if (!report.exact && requireExact)
    return fail(llvm::createStringError(
        "scheme '%s' is approximate (relative error %.6g) but "
        "--require-exact was given",
        s->name.c_str(), report.relativeError));
  return 0;
}

int writeScheme(const Scheme &s, const Args &args) {
  Scheme named = s;
  if (schemeName.getNumOccurrences()) {
    if (schemeName.empty())
      return usageError("--name must not be empty");
    named.name = schemeName;
  }
  llvm::StringRef path = outputFile;
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
  if (iterations > 100000)
    return usageError("--iterations must be an integer in [0, 100000]");
  if (restarts == 0 || restarts > 100000)
    return usageError("--restarts must be an integer in [1, 100000]");
  // Progress goes to stderr so that the scheme can go to stdout: one line
  // per restart, and a running line on a terminal.
  bool terminal = llvm::errs().is_displayed();
  auto report = [&](unsigned restart, double error, double best) {
    if (quiet)
      return;
    llvm::errs() << llvm::format(
        "%sfit: restart %u/%u: relative squared error %.6g (best %.6g)%s",
        terminal ? "\r" : "", restart, static_cast<unsigned>(restarts), error,
        best, terminal ? "" : "\n");
  };
  std::optional<Scheme> result;
  double best = std::numeric_limits<double>::infinity();
  if (fitMethod == FitMethod::LM) {
    FitOptions options;
    options.iterations = iterations;
    options.restarts = restarts;
    options.seed = seed;
    unsigned current = 0;
    double currentError = 0;
    options.progress = [&](unsigned restart, unsigned, double error) {
      if (restart != current && current != 0) {
        best = std::min(best, currentError);
        report(current, currentError, best);
      }
      current = restart;
      currentError = error;
      if (terminal && !quiet)
        report(current, currentError, std::min(best, currentError));
    };
    llvm::Expected<Scheme> fit =
        fitSchemeLM(dims[0], dims[1], dims[2], dims[3], options, &best);
    if (!fit)
      return fail(fit.takeError());
    if (current != 0)
      report(current, currentError, best);
    result = std::move(*fit);
  } else {
    for (unsigned r = 0; r < restarts; ++r) {
      llvm::Expected<Scheme> fit = fitSchemeALS(dims[0], dims[1], dims[2],
                                                dims[3], iterations, seed + r);
      if (!fit)
        return fail(fit.takeError());
      double error = checkBrent(*fit).relativeError;
      error *= error;
      if (error < best) {
        best = error;
        result = std::move(*fit);
      }
      report(r + 1, error, best);
    }
  }
  if (!quiet && terminal)
    llvm::errs() << "\n";
  return writeScheme(*result, args);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Only this tool's options in --help, not every option LLVM registers.
  for (cl::SubCommand *sub :
       {&cl::SubCommand::getTopLevel(), &listCommand, &showCommand,
        &verifyCommand, &composeCommand, &exportCommand, &fitCommand})
    cl::HideUnrelatedOptions(schemeCategory, *sub);
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  Args args;
  auto collect = [&](const cl::list<std::string> &list) {
    for (const std::string &arg : list)
      args.positional.push_back(arg);
  };
  if (listCommand) {
    if (!listArgs.empty())
      return usageError("list takes no arguments");
    return commandList();
  }
  if (fitCommand) {
    collect(fitArgs);
    return commandFit(args);
  }
  collect(schemeArgs);
  if (showCommand)
    return commandShow(args);
  if (verifyCommand)
    return commandVerify(args);
  if (composeCommand)
    return commandCompose(args);
  if (exportCommand)
    return commandExport(args);
  if (!unknownCommand.empty())
    return usageError("unknown command '" + unknownCommand.front() + "'");
  return usageError("missing command");
}
