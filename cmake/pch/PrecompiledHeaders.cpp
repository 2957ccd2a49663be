// The one source of the STLPrecompiledHeaders target (cmake/AddSTL.cmake).
