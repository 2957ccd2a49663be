// The custom form of linalg.generic with a trait alias and string
// iterator types parses.
#map = affine_map<(d0) -> (d0)>
#trait = {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
func.func @f(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic #trait ins(%a : tensor<4xf32>) outs(%b : tensor<4xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
