// Errors of the transform.stl ops: every one names what to fix.
// RUN: stl-opt %s --transform-interpreter --split-input-file --verify-diagnostics

func.func @mm(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>)
                     outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{cannot use scheme 'no-such-scheme': unknown scheme 'no-such-scheme'}}
    %stl = transform.stl.rewrite_matmul %mm {scheme = "no-such-scheme"}
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

func.func @mm(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>)
                     outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{scheme 'truncated-4x4x4-r24' is approximate}}
    %stl = transform.stl.rewrite_matmul %mm {scheme = "truncated-4x4x4-r24"}
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

func.func @mm(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>)
                     outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %s0 = transform.param.constant "strassen" -> !transform.any_param
    %s1 = transform.param.constant "winograd" -> !transform.any_param
    %schemes = transform.merge_handles %s0, %s1 : !transform.any_param
    // expected-error @below {{'schemes' holds 2 values for 1 payload ops; expected one per op}}
    %stl = transform.stl.rewrite_matmul %mm schemes(%schemes : !transform.any_param)
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

func.func @mm(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>)
                     outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %s = transform.param.constant 42 : i64 -> !transform.any_param
    // expected-error @below {{expected a scheme name or path (string) or an #stl.scheme, got 42 : i64}}
    %stl = transform.stl.rewrite_matmul %mm schemes(%s : !transform.any_param)
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

// expected-note @below {{payload op}}
func.func @not_linalg() {
  return
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %f = transform.structured.match ops{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{expected linalg ops, got a payload op that is not one}}
    %stl = transform.stl.rewrite_matmul %f
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

func.func @small(%a: tensor<2x4xf32>, %b: tensor<4x4xf32>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-remark @below {{not rewritten to STL: }}
  %0 = linalg.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x4xf32>)
                     outs(%c : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm {min_size = 4}
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

func.func @mm(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-note @below {{payload op}}
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>)
                     outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{expected an stl.matmul}}
    %d = transform.stl.decompose %mm : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.consumed}) {
    // expected-error @below {{'scheme' must be a scheme name or path (string) or an #stl.scheme, got 7 : i64}}
    %stl = transform.stl.rewrite_matmul %root {scheme = 7}
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
