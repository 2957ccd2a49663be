// Hostile tile sizes and ranks in #stl.scheme: the coefficient counts
// rank*m*k, rank*k*n, m*n*rank are computed with checked arithmetic (they
// used to overflow int64 in the verifier).
// RUN: stl-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{scheme 'big' has tile <4294967296,4294967296,1> and rank 1; its coefficient counts overflow 64 bits}}
func.func private @f() attributes {s = #stl.scheme<"big", tile = [4294967296, 4294967296, 1], rank = 1, u = [1], v = [1], w = [1]>}

// -----

// expected-error @+1 {{coefficient counts overflow 64 bits}}
func.func private @f() attributes {s = #stl.scheme<"big", tile = [1, 1, 3], rank = 4611686018427387904, u = [1], v = [1], w = [1]>}

// -----

// A product that wraps around to the right count must not pass either.
// expected-error @+1 {{coefficient counts overflow 64 bits}}
func.func private @f() attributes {s = #stl.scheme<"wrap", tile = [4294967296, 4294967296, 1], rank = 4294967296, u = [1], v = [1], w = [1]>}
