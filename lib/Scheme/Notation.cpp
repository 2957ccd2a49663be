//===- Notation.cpp - Schemes written as in the papers --------------------===//
//
// The library's fixed schemes are written the way their papers print them
// (p1 = (a11 + a22)(b11 + b22), c11 = p1 + p4 - p5 + p7), which is far easier
// to review against the source than coefficient tables. This file turns that
// notation into u, v, w.
//
//===----------------------------------------------------------------------===//

#include "SchemeInternal.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <string>

using namespace stl;

namespace {

/// A term of a linear form: coefficient times variable `letter` with the
/// (0-based) indices that follow it.
struct Term {
  double coefficient;
  char letter;
  llvm::SmallVector<int64_t, 2> indices;
};

[[noreturn]] void fail(llvm::StringRef text, llvm::StringRef why) {
  llvm::report_fatal_error(llvm::Twine("stl scheme notation '") + text +
                           "': " + why);
}

/// Parses "[-] [c*] x12 (+|-) [c*] x21 ...". With `splitDigits` each digit is
/// an index (a12 -> row 0, column 1); otherwise the digits form one 1-based
/// number (p14 -> 13).
llvm::SmallVector<Term> parseLinearForm(llvm::StringRef text,
                                        bool splitDigits) {
  llvm::SmallVector<Term> terms;
  llvm::StringRef rest = text.trim();
  if (rest.empty())
    fail(text, "empty");
  bool first = true;
  while (!rest.empty()) {
    double sign = 1.0;
    if (rest.consume_front("-"))
      sign = -1.0;
    else if (!rest.consume_front("+") && !first)
      fail(text, "expected '+' or '-'");
    first = false;
    rest = rest.ltrim();
    double coefficient = 1.0;
    size_t digits = rest.find_first_not_of("0123456789");
    if (digits != 0 && digits != llvm::StringRef::npos &&
        rest.drop_front(digits).ltrim().starts_with("*")) {
      unsigned value;
      if (rest.take_front(digits).getAsInteger(10, value))
        fail(text, "bad coefficient");
      coefficient = value;
      rest = rest.drop_front(digits).ltrim().drop_front().ltrim();
    }
    if (rest.empty() || !llvm::isAlpha(rest.front()))
      fail(text, "expected a variable");
    Term term{sign * coefficient, rest.front(), {}};
    rest = rest.drop_front();
    llvm::StringRef number = rest.take_while(llvm::isDigit);
    rest = rest.drop_front(number.size()).ltrim();
    if (number.empty())
      fail(text, "variable without index");
    if (splitDigits) {
      for (char c : number)
        term.indices.push_back(c - '1');
    } else {
      unsigned value;
      if (number.getAsInteger(10, value) || value == 0)
        fail(text, "bad index");
      term.indices.push_back(static_cast<int64_t>(value) - 1);
    }
    terms.push_back(term);
  }
  return terms;
}

/// Adds a linear form in `letter`'s rows x cols entries into `row`.
void addForm(llvm::StringRef text, char letter, int64_t rows, int64_t cols,
             double *row) {
  for (const Term &t : parseLinearForm(text, /*splitDigits=*/true)) {
    if (t.letter != letter || t.indices.size() != 2 || t.indices[0] < 0 ||
        t.indices[0] >= rows || t.indices[1] < 0 || t.indices[1] >= cols)
      fail(text, std::string("entry out of range or wrong letter, expected ") +
                     letter);
    row[t.indices[0] * cols + t.indices[1]] += t.coefficient;
  }
}

} // namespace

Scheme stl::buildScheme(llvm::StringRef name, int64_t m, int64_t k, int64_t n,
                        llvm::ArrayRef<ProductSpec> products,
                        llvm::ArrayRef<OutputSpec> outputs) {
  Scheme s;
  s.name = name.str();
  s.m = m;
  s.k = k;
  s.n = n;
  s.rank = static_cast<int64_t>(products.size());
  s.u.assign(s.rank * m * k, 0.0);
  s.v.assign(s.rank * k * n, 0.0);
  s.w.assign(m * n * s.rank, 0.0);
  for (int64_t l = 0; l < s.rank; ++l) {
    addForm(products[l].lhs, 'a', m, k, &s.u[l * m * k]);
    addForm(products[l].rhs, 'b', k, n, &s.v[l * k * n]);
  }
  llvm::SmallVector<bool> seen(m * n, false);
  for (const OutputSpec &out : outputs) {
    llvm::StringRef entry(out.entry);
    if (entry.size() != 3 || entry[0] != 'c')
      fail(entry, "expected cIJ");
    int64_t i = entry[1] - '1', q = entry[2] - '1';
    if (i < 0 || i >= m || q < 0 || q >= n || seen[i * n + q])
      fail(entry, "out of range or repeated");
    seen[i * n + q] = true;
    for (const Term &t : parseLinearForm(out.sum, /*splitDigits=*/false)) {
      if (t.letter != 'p' || t.indices[0] >= s.rank)
        fail(out.sum, "expected products p1..pR");
      s.w[(i * n + q) * s.rank + t.indices[0]] += t.coefficient;
    }
  }
  if (llvm::is_contained(seen, false))
    fail(name, "an output entry is missing");
  return s;
}
