//===- HostOps.cpp - The emulator's host-side ops -------------------------===//
//
// What the host function around the kernels does: buffers (memref.alloc,
// casts and reshapes, bufferization), the operands' padding and slicing
// (tensor.pad, tensor.extract_slice, copied into fresh buffers), the TMA
// descriptors that nvgpu.tma.create.descriptor encodes, the reference
// stl.hadamard (a batched product in double precision, rounded once to its
// result type) and gpu.launch_func, which runs the kernel
// (Emulator::launch). Tensors and memrefs are both buffer objects (Obj).
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::stl::test;
using namespace mlir::stl::test::emulator;

/// The buffer object of `v`, or null after failing `op`.
static Obj *objOf(Emulator &em, Frame &f, Operation *op, Value v) {
  auto it = f.objs.find(v);
  if (it == f.objs.end()) {
    em.fail(op, "operand is not a buffer");
    return nullptr;
  }
  return &it->second;
}

static void setMem(Frame &f, Value v, MemRef m) {
  Obj o;
  o.kind = Obj::Mem;
  o.mem = std::move(m);
  f.objs[v] = o;
}

static bool contiguous(const MemRef &m) {
  return m.strides == rowMajorStrides(m.sizes);
}

/// Casts that keep the object: bufferization, memref.cast, and
/// unrealized_conversion_cast of a buffer (of any other value it copies the
/// lanes).
static bool castObject(Emulator &em, Frame &f, Operation *op, const Mask &) {
  if (isa<UnrealizedConversionCastOp>(op) && !f.objs.count(op->getOperand(0))) {
    assign(f, op->getResult(0), op->getOperand(0), Mask(f.ctx->width, 1));
    return true;
  }
  Obj *o = objOf(em, f, op, op->getOperand(0));
  if (!o)
    return false;
  Obj copy = *o;
  // An mbarrier group seen as a memref<Nxi64, 3>.
  if (copy.kind == Obj::Bars && isa<MemRefType>(op->getResult(0).getType())) {
    copy.kind = Obj::Mem;
    copy.mem.buf = &f.ctx->cta->smem;
    copy.mem.offset = copy.barAddress;
    auto mt = cast<MemRefType>(op->getResult(0).getType());
    copy.mem.sizes.assign(mt.getShape().begin(), mt.getShape().end());
    copy.mem.strides = rowMajorStrides(copy.mem.sizes);
    copy.mem.elem = mt.getElementType();
  }
  f.objs[op->getResult(0)] = copy;
  return true;
}

static bool allocBuffer(Emulator &em, Frame &f, Operation *op, const Mask &) {
  MemRefType t = cast<memref::AllocOp>(op).getType();
  if (!t.hasStaticShape())
    return em.fail(op, "dynamic shapes are not modelled");
  MemRef m;
  m.elem = t.getElementType();
  m.sizes.assign(t.getShape().begin(), t.getShape().end());
  m.strides = rowMajorStrides(m.sizes);
  m.buf = em.newBuffer(t.getNumElements() * elemBytes(m.elem), true);
  setMem(f, op->getResult(0), m);
  return true;
}

/// Reshapes of a contiguous buffer: same bytes, row-major strides.
static bool reshape(Emulator &em, Frame &f, Operation *op, const Mask &) {
  Obj *o = objOf(em, f, op, op->getOperand(0));
  if (!o)
    return false;
  if (!contiguous(o->mem))
    return em.fail(op, "reshaping a non-contiguous buffer");
  MemRef m = o->mem;
  auto type = cast<MemRefType>(op->getResult(0).getType());
  m.sizes.assign(type.getShape().begin(), type.getShape().end());
  m.strides = rowMajorStrides(m.sizes);
  setMem(f, op->getResult(0), m);
  return true;
}

static bool padTensor(Emulator &em, Frame &f, Operation *op, const Mask &) {
  auto padOp = cast<tensor::PadOp>(op);
  Obj *o = objOf(em, f, op, padOp.getSource());
  if (!o)
    return false;
  Value padValue = padOp.getConstantPaddingValue();
  FloatAttr fa;
  if (!padValue || !matchPattern(padValue, m_Constant(&fa)))
    return em.fail(op, "only constant float padding is modelled");
  HostTensor src = em.toHost(o->mem);
  HostTensor dst;
  auto rt = padOp.getResultType();
  dst.shape.assign(rt.getShape().begin(), rt.getShape().end());
  dst.elementType = rt.getElementType();
  int64_t n = rt.getNumElements();
  dst.values.assign(n, fa.getValueAsDouble());
  ArrayRef<int64_t> low = padOp.getStaticLow();
  SmallVector<int64_t> srcStrides = rowMajorStrides(src.shape),
                       dstStrides = rowMajorStrides(dst.shape);
  for (int64_t k = 0; k < int64_t(src.values.size()); ++k) {
    int64_t rest = k, off = 0;
    for (size_t d = 0; d < src.shape.size(); ++d) {
      int64_t i = rest / srcStrides[d];
      rest %= srcStrides[d];
      if (ShapedType::isDynamic(low[d]))
        return em.fail(op, "dynamic padding is not modelled");
      off += (i + low[d]) * dstStrides[d];
    }
    dst.values[off] = src.values[k];
  }
  setMem(f, padOp.getResult(), em.fromHost(dst));
  return true;
}

static bool extractSlice(Emulator &em, Frame &f, Operation *op, const Mask &) {
  auto slice = cast<tensor::ExtractSliceOp>(op);
  Obj *o = objOf(em, f, op, slice.getSource());
  if (!o)
    return false;
  if (slice.getType().getRank() != int64_t(o->mem.sizes.size()))
    return em.fail(op, "rank-reducing slices are not modelled");
  MemRef view = o->mem;
  for (size_t d = 0; d < view.sizes.size(); ++d) {
    int64_t off = slice.getStaticOffsets()[d], size = slice.getStaticSizes()[d],
            stride = slice.getStaticStrides()[d];
    if (ShapedType::isDynamic(off) || ShapedType::isDynamic(size) ||
        ShapedType::isDynamic(stride))
      return em.fail(op, "dynamic slices are not modelled");
    view.offset += off * view.strides[d] * elemBytes(view.elem);
    view.sizes[d] = size;
    view.strides[d] *= stride;
  }
  setMem(f, slice.getResult(), em.fromHost(em.toHost(view)));
  return true;
}

static bool createTensorMap(Emulator &em, Frame &f, Operation *op,
                            const Mask &) {
  auto desc = cast<nvgpu::TmaCreateDescriptorOp>(op);
  Obj *o = objOf(em, f, op, desc.getTensor());
  if (!o)
    return false;
  Obj map;
  map.kind = Obj::Map;
  map.mem = o->mem;
  for (Value b : desc.getBoxDimensions())
    map.box.push_back(em.lanesOf(f, b)[0].i);
  auto type = desc.getTensorMap().getType();
  map.swizzle128 =
      type.getSwizzle() == nvgpu::TensorMapSwizzleKind::SWIZZLE_128B;
  if (!map.swizzle128 &&
      type.getSwizzle() != nvgpu::TensorMapSwizzleKind::SWIZZLE_NONE)
    return em.fail(op, "only 128-byte swizzle and none are modelled");
  map.oobNaN = type.getOob() == nvgpu::TensorMapOOBKind::OOB_NAN;
  if (!contiguous(map.mem))
    return em.fail(op, "a tensor map over a non-contiguous buffer");
  f.objs[desc.getResult()] = map;
  return true;
}

/// The reference: batched product in double, rounded once to the result
/// type.
static bool hadamard(Emulator &em, Frame &f, Operation *op, const Mask &) {
  auto had = cast<mlir::stl::HadamardOp>(op);
  Obj *lo = objOf(em, f, op, had.getLhs()),
      *ro = objOf(em, f, op, had.getRhs());
  if (!lo || !ro)
    return false;
  HostTensor a = em.toHost(lo->mem), b = em.toHost(ro->mem);
  auto rt = cast<RankedTensorType>(had.getType());
  HostTensor c;
  c.shape.assign(rt.getShape().begin(), rt.getShape().end());
  c.elementType = rt.getElementType();
  int64_t rank = rt.getRank();
  int64_t M = a.shape[rank - 2], K = a.shape[rank - 1], N = b.shape[rank - 1];
  int64_t batch = rt.getNumElements() / (M * N);
  c.values.resize(batch * M * N);
  for (int64_t z = 0; z < batch; ++z)
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        double s = 0;
        for (int64_t k = 0; k < K; ++k)
          s += a.values[(z * M + i) * K + k] * b.values[(z * K + k) * N + j];
        c.values[(z * M + i) * N + j] = roundTo(c.elementType, s);
      }
  setMem(f, had.getResult(), em.fromHost(c));
  return true;
}

static bool launchFunc(Emulator &em, Frame &f, Operation *op, const Mask &) {
  return em.launch(f, cast<gpu::LaunchFuncOp>(op));
}

void mlir::stl::test::emulator::registerHostHandlers(HandlerTable &table) {
  addHandler<bufferization::ToBufferOp, bufferization::ToTensorOp,
             memref::CastOp, UnrealizedConversionCastOp>(table, castObject);
  addHandler<memref::AllocOp>(table, allocBuffer);
  addHandler<memref::CollapseShapeOp, memref::ExpandShapeOp>(table, reshape);
  addHandler<tensor::PadOp>(table, padTensor);
  addHandler<tensor::ExtractSliceOp>(table, extractSlice);
  addHandler<nvgpu::TmaCreateDescriptorOp>(table, createTensorMap);
  addHandler<mlir::stl::HadamardOp>(table, hadamard);
  addHandler<gpu::LaunchFuncOp>(table, launchFunc);
}
