"""Every converter of the torch importer against eager PyTorch: a table of
tiny programs (several ops each, since compiling dominates), each exported
with torch.export (some after ``run_decompositions()``, to meet core ATen),
imported, compiled for the CPU and run. The last test checks that the table
exercises every ATen op in ``CONVERTERS``."""

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import TVMLIRError, relax  # noqa: E402
from tvmlir.relax.frontend.torch import CONVERTERS, from_exported_program  # noqa: E402

A = torch.ops.aten  # overloads that eager code reaches only through other paths


class Case:
    """A program (an nn.Module, or a function of the inputs) with its inputs."""

    def __init__(self, name, program, *inputs, decompose=False, tol=1e-5, xfail=None, dynamic=None):
        self.name, self.program, self.inputs = name, program, inputs
        self.decompose, self.tol, self.xfail = decompose, tol, xfail
        self.dynamic = dynamic  # torch.export's dynamic_shapes

    def module(self):
        return self.program if isinstance(self.program, nn.Module) else Function(self.program)

    def param(self):
        marks = [pytest.mark.xfail(strict=True, reason=self.xfail)] if self.xfail else []
        return pytest.param(self, id=self.name, marks=marks)


class Function(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, *xs):
        return self.fn(*xs)


def randn(*shape):
    return lambda g: torch.randn(*shape, generator=g)


def positive(*shape):
    return lambda g: torch.rand(*shape, generator=g) + 0.5


def unit(*shape):
    """In (-0.9, 0.9): the domain of asin / acos / atanh."""
    return lambda g: torch.rand(*shape, generator=g) * 1.8 - 0.9


def ints(low, high, *shape):
    return lambda g: torch.randint(low, high, shape, generator=g)


def mask(*shape):
    return lambda g: torch.rand(*shape, generator=g) > 0.5


def fixed(tensor):
    return lambda g: tensor


def _boundary_values(*boundaries):
    """Each boundary, its negation and their float32 neighbours, with ±0, ±inf and NaN."""
    points = torch.tensor([b for v in boundaries for b in (v, -v)], dtype=torch.float32)
    return torch.cat([points, torch.nextafter(points, torch.tensor(math.inf)),
                      torch.nextafter(points, torch.tensor(-math.inf)),
                      torch.tensor([0.0, -0.0, math.inf, -math.inf, math.nan])])


SPECIALS = fixed(torch.tensor([1.5, -2.0, math.nan, math.inf, -math.inf, 0.0]))


class Attention(nn.Module):
    """scaled_dot_product_attention with the mask kinds torch offers."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def forward(self, q, k, v, m):
        if self.kind == "causal":
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)
        if self.kind == "bool":
            return F.scaled_dot_product_attention(q, k, v, attn_mask=m > 0)
        if self.kind == "float":
            return F.scaled_dot_product_attention(q, k, v, attn_mask=m, scale=0.3)
        return F.scaled_dot_product_attention(q, k, v)


class Norms(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2d(4)
        self.gn = nn.GroupNorm(2, 4)
        self.ln = nn.LayerNorm([4, 5])
        self.ln_plain = nn.LayerNorm(5, elementwise_affine=False)
        self.bn1d = nn.BatchNorm1d(4, affine=False)
        with torch.no_grad():  # statistics and affine parameters other than the defaults
            for bn in (self.bn, self.bn1d):
                bn.running_mean.uniform_(-1, 1)
                bn.running_var.uniform_(0.5, 2)
            for p in [*self.bn.parameters(), *self.gn.parameters(), *self.ln.parameters()]:
                p.uniform_(-1, 1)

    def forward(self, x):
        return (self.bn(x), self.gn(x), self.ln(x[:, :, 0]), self.ln_plain(x), self.bn1d(x[:, :, 0]),
                F.rms_norm(x, [5], eps=1e-5), F.rms_norm(x[..., 0], [4, 5], torch.ones(4, 5) * 0.5))


def _convs():
    torch.manual_seed(0)
    return nn.ModuleDict({
        "c2": nn.Conv2d(4, 6, 3, stride=2, padding=1), "grouped": nn.Conv2d(4, 4, 3, groups=2, dilation=2),
        "same": nn.Conv2d(4, 2, (3, 4), padding="same", bias=False), "c1": nn.Conv1d(4, 3, 3, stride=2,
                                                                                         padding=1),
        "c1same": nn.Conv1d(4, 3, 4, padding="same"),
    })


class Convs(nn.Module):
    def __init__(self):
        super().__init__()
        self.m = _convs()

    def forward(self, x):
        m = self.m
        return m["c2"](x), m["grouped"](x), m["same"](x), m["c1"](x[:, :, 0]), m["c1same"](x[:, :, 1]), \
            m["c2"](x[0])


class Pools(nn.Module):
    def forward(self, x):
        return (F.max_pool2d(x, 3, stride=2, padding=1), F.max_pool2d(x, 2), F.max_pool2d(x, 3, 2, ceil_mode=True),
                F.avg_pool2d(x, 3, stride=2, padding=1), F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
                F.adaptive_avg_pool2d(x, (2, 3)), F.adaptive_avg_pool2d(x, 1), F.max_pool2d(x[0], 2),
                # ceil_mode where torch drops the last window (it would start in the padding), and keeps it
                F.max_pool2d(x[..., :5, :5], 2, 2, 1, ceil_mode=True),
                F.avg_pool2d(x[..., :5, :5], 2, 2, 1, ceil_mode=True),
                F.avg_pool2d(x[..., :6, :6], 3, 2, ceil_mode=True))


class Embeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)

    def forward(self, i, x):
        return (self.emb(i), torch.index_select(x, 1, i[0]), x[:, i[0] - 3], x[i[1]], x[i[0] % 4, i[1]],
                x[:, i[0], i[1].int() % 2], x[torch.arange(2), i[0, :2], 1:])


class Linears(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.plain = nn.Linear(4, 2, bias=False)

    def forward(self, x, y, b):
        return (self.fc(x), self.plain(x), x @ y, torch.mm(x[0], y[0]), torch.bmm(x, y), torch.mv(x[0], y[0, :, 0]),
                torch.dot(y[0, :, 0], y[1, :, 0]), torch.addmm(b, x[0], y[0], beta=0.5, alpha=2.0),
                torch.baddbmm(b, x, y), torch.addmm(b, x[1], y[1], beta=0), torch.outer(x[0, 0], y[0, 0]))


class Constant(nn.Module):
    """A tensor made in forward: lifted into the program as a constant."""

    def forward(self, x):
        return x + torch.tensor([1.0, 2.0, 3.0])


CASES = [
    # -- elementwise: unary -------------------------------------------------------------
    Case("unary", lambda x: (x.relu(), F.silu(x), x.sigmoid(), x.tanh(), x.exp(), -x, x.abs(), x.sin(), x.cos(),
                             torch.erf(x)), randn(3, 4)),
    Case("rounding", lambda x: (x.floor(), x.ceil(), x.round(), x.reciprocal(), x.square(), x.trunc(), x.sign()),
         lambda g: torch.randn(3, 4, generator=g) * 3),
    Case("logarithms", lambda x: (x.log(), x.sqrt(), x.rsqrt(), x.log2(), x.log10(), x.log1p(), x.expm1()),
         positive(3, 4)),
    Case("trigonometry", lambda x: (x.tan(), x.asin(), x.acos(), x.atan(), x.sinh(), x.cosh(), x.asinh(),
                                    (x + 2).acosh(), x.atanh()), unit(3, 4)),
    Case("float_tests", lambda x: (x.isnan(), x.isinf(), x.isfinite(), x.sign()), SPECIALS),
    Case("integer_unary", lambda a: (a.abs(), -a, a.sign(), a.square(), a.exp(), ~a, a.isnan(), a.isfinite()),
         ints(-5, 5, 3, 4)),
    Case("activations", lambda x: (F.relu6(x * 4), F.hardtanh(x, -0.5, 0.7), F.leaky_relu(x, 0.2), F.elu(x, 0.7),
                                   F.selu(x), F.celu(x, 1.3), F.hardsigmoid(x * 4), F.hardswish(x * 4),
                                   F.logsigmoid(x * 10), F.glu(x), F.glu(x[:2], 0)),
         randn(3, 4)),
    Case("smooth_activations", lambda x: (F.softplus(x * 4, beta=2, threshold=3), F.mish(x), F.gelu(x),
                                          F.gelu(x, approximate="tanh")), randn(3, 4)),
    Case("clamp", lambda x, lo, hi: (x.clamp(-0.5, 0.5), x.clamp(min=0.1), x.clamp(max=-0.1),
                                     torch.clamp(x, lo, hi), torch.clamp_min(x, 0.2), torch.clamp_max(x, 0.3),
                                     torch.clamp(x, min=lo), torch.clamp_min(x, lo), torch.clamp_max(x, hi)),
         randn(3, 4), lambda g: torch.full((4,), -0.3), lambda g: torch.full((3, 1), 0.4)),
    Case("more_unary", lambda x, a: (x.positive(), A.conj_physical(x), A.resolve_conj(x), A.resolve_neg(x),
                                     x.sgn(), x.frac(), x.deg2rad(), x.rad2deg(), x.exp2(), x.erfc(),
                                     torch.special.ndtr(x), x.sinc(), torch.special.entr(x), a.exp2(),
                                     F.threshold(x, 0.1, -2.0), F.hardshrink(x, 0.4), F.softshrink(x, 0.3),
                                     F.rrelu(x, 0.1, 0.3), a.sgn(), torch.isreal(x), a.signbit(),
                                     torch.logit(x.sigmoid()), torch.logit(x, eps=0.2)),
         lambda g: torch.cat([torch.randn(10, generator=g) * 2, torch.tensor([0.0, -0.0, 1.0, -3.0])]),
         ints(-3, 3, 6)),
    Case("special_values", lambda x: (x.isposinf(), x.isneginf(), x.signbit(), torch.nan_to_num(x),
                                      torch.nan_to_num(x, 1.0, 2.0, -3.0), x.sinc(), torch.special.entr(x),
                                      torch.copysign(torch.ones(6), x[[0, 1, 3, 4, 5, 5]]),
                                      torch.isposinf(x.int()), torch.nan_to_num(x.int())),
         fixed(torch.tensor([1.5, -2.0, math.nan, math.inf, -math.inf, -0.0]))),
    # Each threshold, clamp and rounding exactly at, one float32 step below
    # and one above its boundaries (0.5 and 6 here), rounding's halves, and
    # the special values: random inputs never land on a boundary, so a `>=`
    # written `>` passes every other case.
    Case("boundaries", lambda x: (F.hardshrink(x, 0.5), F.softshrink(x, 0.5), F.threshold(x, 0.5, -2.0),
                                  F.threshold(x, -0.5, 7.0), x.clamp(-0.5, 0.5), F.hardtanh(x, -0.5, 0.5),
                                  F.relu6(x), x.relu(), x.round(), x.floor(), x.ceil(), x.trunc(), x.sign(),
                                  x.clamp(min=0.5), x.clamp(max=-0.5), F.leaky_relu(x, 0.1)),
         fixed(_boundary_values(0.5, 1.0, 1.5, 2.5, 6.0))),
    # -- elementwise: binary --------------------------------------------------------------
    Case("arithmetic", lambda x, y, p: (torch.add(x, y, alpha=2), x - y, x * y, x / y, torch.maximum(x, y),
                                        torch.minimum(x, y), p ** y, x * 2.5, 3 - x, x ** 2, p ** 3.0, 2 ** x,
                                        p ** 0.5, torch.sub(x, y, alpha=0.5)),
         randn(3, 4), randn(4), positive(3, 4)),
    Case("scalar_overloads", lambda x, y: (A.add.Scalar(x, 2), A.sub.Scalar(x, 1.5), A.mul.Scalar(x, 3),
                                           A.div.Scalar(x, 4), A.rsub.Tensor(x, y), A.rsub.Scalar(x, 2, 3),
                                           A.add.Scalar(x, 2, 3)),
         randn(3, 4), randn(3, 4)),
    Case("composed_binary", lambda x, y, w, a: (A.subtract.Tensor(x, y), A.multiply.Scalar(x, 2), A.divide.Tensor(x, y),
                                                A.true_divide.Scalar(x, 3), A.subtract.Scalar(x, 1),
                                                A.multiply.Tensor(x, y), A.divide.Scalar(x, 2),
                                                A.true_divide.Tensor(x, y), torch.max(x, y), torch.min(x, y),
                                                torch.atan2(x, y), torch.atan2(a, a.flip(0)), torch.hypot(x, y),
                                                torch.copysign(x, y), torch.copysign(x, -1.0),
                                                torch.heaviside(x.round(), y), torch.xlogy(x.round(), y.abs()),
                                                torch.xlogy(2.0, y.abs()), torch.xlogy(x.abs(), 3.0),
                                                torch.special.xlog1py(x, y.abs()), torch.logaddexp(x, y),
                                                torch.logaddexp2(x, y), torch.ldexp(x, a), torch.float_power(x, 2),
                                                torch.float_power(x.abs(), y), torch.float_power(2, y),
                                                torch.lerp(x, y, 0.3), torch.lerp(x, y, w), torch.addcmul(x, y, w),
                                                torch.addcdiv(x, y, w + 3, value=0.5), torch.isclose(x, x + w * 1e-6),
                                                torch.isclose(a, a.flip(0)), torch.fmax(x, y), torch.fmin(a, a.flip(0))),
         randn(3, 4), randn(4), lambda g: torch.rand(3, 4, generator=g), ints(-3, 4, 3, 4), tol=1e-4),
    Case("nan_binary", lambda x, y: (torch.fmax(x, y), torch.fmin(x, y), torch.isclose(x, y, equal_nan=True),
                                     torch.logaddexp(x, y), torch.xlogy(y, x), torch.atan2(x, y)),
         fixed(torch.tensor([1.0, math.nan, math.inf, -math.inf, 0.0, math.nan, 2.0, 0.0])),
         fixed(torch.tensor([math.nan, 1.0, math.inf, -math.inf, 1.0, math.nan, -1.0, -3.0]))),
    Case("integer_division", lambda a, b: (a // b, a % b, torch.fmod(a, b), a % 3, torch.fmod(a, -3),
                                           torch.div(a, b, rounding_mode="trunc"),
                                           torch.div(a, b, rounding_mode="floor"), a / b, a + 1.5, a * 2),
         ints(-20, 20, 3, 4), lambda g: torch.tensor([3, -4, 5, -7])),
    Case("float_division", lambda x, y: (x // y, x % y, torch.fmod(x, y), x % 0.7, torch.fmod(x, -0.7),
                                         torch.div(x, y, rounding_mode="trunc"),
                                         torch.div(x, y, rounding_mode="floor")),
         lambda g: torch.randn(3, 4, generator=g) * 5, lambda g: torch.tensor([1.3, -0.9, 2.1, -3.3])),
    Case("comparisons", lambda x, y: (x == y, x != y, x < y, x <= y, x > y, x >= y, x == 0.5, x != 0.5, x < 0.0,
                                      x <= 0.5, x > 0.5, x >= -0.5),
         lambda g: torch.randint(-2, 2, (3, 4), generator=g) * 0.5, lambda g: torch.tensor([0.5, -0.5, 0.0, 1.0])),
    Case("mixed_dtypes", lambda a, x, m: (a + x, m * x, a < x, a == 2, a > 1.5, x * m.float(), a.float() / 3,
                                          torch.where(m, a, x)),
         ints(-3, 3, 3, 4), randn(3, 4), mask(3, 4)),
    Case("logic", lambda m, n, a, b: (torch.logical_and(m, n), torch.logical_or(m, n), torch.logical_xor(m, n),
                                      torch.logical_not(m), m & n, m | n, m ^ n, ~m, torch.logical_and(a, b),
                                      torch.logical_not(a), a & b, a | b, a ^ b, torch.bitwise_and(m, n),
                                      torch.bitwise_or(a, b), torch.bitwise_xor(a, b)),
         mask(3, 4), mask(3, 4), ints(-3, 3, 3, 4), ints(0, 7, 3, 4)),
    # Every ordered pair of -1, 0, 1 (so each comparison meets equality and
    # both orders), in int64 and int32, and against scalars at 0.
    Case("integer_comparisons", lambda a, b: (a == b, a != b, a < b, a <= b, a > b, a >= b, a >= 0, a > 0,
                                              a <= 0, a < 0, a.int() >= b.int(), a.int() > b.int(),
                                              a.int() <= b.int(), a.int() < b.int(), torch.ge(a, b), torch.le(a, 0)),
         fixed(torch.tensor([-1, -1, -1, 0, 0, 0, 1, 1, 1])), fixed(torch.tensor([-1, 0, 1] * 3))),
    # floor_mod / fmod where the dividend is a multiple of the divisor (the
    # result's sign flips there), at zero and at one step either side.
    Case("modulo_boundaries", lambda a, b, x, y: (a % b, torch.fmod(a, b), a // b, torch.div(a, b, rounding_mode="trunc"),
                                                  x % y, torch.fmod(x, y), x // y),
         fixed(torch.tensor([-7, -6, -5, -1, 0, 1, 5, 6, 7, -7, -6, -5, 0, 6])),
         fixed(torch.tensor([3, 3, 3, 3, 3, 3, 3, 3, 3, -3, -3, -3, -3, -3])),
         fixed(torch.tensor([-1.5, -0.75, -0.0, 0.0, 0.75, 1.5, 2.0, -2.0])),
         fixed(torch.tensor([0.75, 0.75, 0.75, -0.75, -0.75, 0.75, 0.5, 0.5]))),
    Case("where", lambda x, y, m: (torch.where(m, x, y), torch.where(m, x, 0.0), torch.where(m, 1.0, x),
                                   x.masked_fill(m, -math.inf), x.masked_fill(~m, torch.tensor(2.0)),
                                   A.where.ScalarSelf(m, 2.0, y), torch.where(m, 1.0, 0.0)),
         randn(3, 4), randn(4), mask(3, 4)),
    # -- matrix products, convolution, pooling ------------------------------------------------
    Case("linear_and_products", Linears(), randn(2, 3, 4), randn(2, 4, 5), randn(3, 5), tol=1e-4),
    Case("more_products", lambda m, v, b3, c3, w: (torch.addmv(v[:3], m, v), torch.addmv(v[0], m, v, beta=0, alpha=2),
                                                   torch.addbmm(m, b3, c3), torch.addbmm(m[0], b3, c3, beta=0.5),
                                                   torch.addr(m, v[:3], v, alpha=0.5), torch.addr(v, v[:3], v, beta=0),
                                                   torch.inner(m, m), torch.inner(b3, m[:, :3]), torch.inner(v, v),
                                                   torch.inner(v[0], m), torch.inner(m, v), torch.vdot(v, v.flip(0)),
                                                   torch.linalg.vecdot(m, v), torch.linalg.vecdot(b3, b3, dim=1),
                                                   torch.kron(m, w), torch.kron(v, m), torch.kron(w.int(), w.int()),
                                                   torch.linalg.multi_dot([m, m.T, m]), torch.linalg.multi_dot([v, m.T, m]),
                                                   torch.linalg.matrix_power(w, 0), torch.linalg.matrix_power(w, 5),
                                                   torch.linalg.matrix_power(b3, 2), torch.cross(b3, b3.flip(1), 1),
                                                   torch.linalg.cross(c3[:, :, :3].mT, b3[:1].mT)),
         randn(3, 4), randn(4), randn(2, 3, 3), randn(2, 3, 4), randn(2, 2), tol=1e-4),
    Case("convolutions", Convs(), randn(2, 4, 7, 8), tol=1e-4),
    Case("convolution_core", Convs(), randn(2, 4, 7, 8), decompose=True, tol=1e-4),
    Case("pooling", Pools(), randn(2, 3, 7, 8)),
    Case("pooling_core", Pools(), randn(2, 3, 7, 8), decompose=True),
    Case("pooling_1d", lambda x: (F.max_pool1d(x, 2), F.max_pool1d(x, 3, 2, 1, dilation=2), F.avg_pool1d(x, 3, 2, 1),
                                  F.adaptive_avg_pool1d(x, 3), F.max_pool1d(x[0], 2)), randn(2, 3, 8)),
    Case("resizing", lambda x: (F.interpolate(x, scale_factor=2), F.interpolate(x, size=(5, 7)),
                                F.interpolate(x, size=(5, 7), mode="bilinear"),
                                F.interpolate(x, scale_factor=1.5, mode="bilinear", align_corners=True),
                                F.interpolate(x, scale_factor=0.5, mode="bilinear"), F.interpolate(x[0], size=9),
                                F.interpolate(x[0], scale_factor=0.7, mode="linear"),
                                F.interpolate(x[0], size=3, mode="linear", align_corners=True),
                                F.interpolate(x[None], size=(2, 5, 3)),
                                F.interpolate(x[None], scale_factor=(1.5, 0.5, 2), mode="trilinear")),
         randn(2, 3, 4, 6)),
    # -- normalization, softmax, attention ------------------------------------------------------
    Case("norms", Norms(), randn(2, 4, 5, 5), tol=1e-4),
    Case("norms_core", Norms(), randn(2, 4, 5, 5), decompose=True, tol=1e-4),
    Case("instance_norm_prelu", lambda x, w: (F.instance_norm(x), F.instance_norm(x, weight=w, bias=-w),
                                              F.prelu(x, w), F.prelu(x, w[:1])),
         randn(2, 3, 4, 5), positive(3), tol=1e-4),
    Case("instance_norm_core", lambda x: F.instance_norm(x), randn(2, 3, 4, 5), decompose=True, tol=1e-4),
    Case("softmax", lambda x: (x.softmax(-1), F.log_softmax(x, 0), x.softmax(1, dtype=torch.float64),
                               F.dropout(x, 0.3, training=False)), randn(3, 4, 5)),
    Case("softmax_core", lambda x: (x.softmax(-1), F.log_softmax(x, 0)), randn(3, 4, 5), decompose=True),
    *[Case(f"attention_{kind}", Attention(kind), randn(2, 3, 5, 4), randn(2, 3, 6, 4), randn(2, 3, 6, 4),
           randn(5, 6), tol=1e-4) for kind in ("plain", "bool", "float")],
    Case("attention_causal", Attention("causal"), randn(2, 3, 5, 4), randn(2, 3, 5, 4), randn(2, 3, 5, 4),
         randn(5, 5), tol=1e-4),
    Case("attention_3d", lambda q, k, v: F.scaled_dot_product_attention(q, k, v), randn(2, 5, 4),
         randn(2, 6, 4), randn(2, 6, 3), tol=1e-4),
    Case("pointwise_losses", lambda x, y, p, s: (F.mse_loss(x, y), F.mse_loss(x, y, reduction="sum"),
                                                 F.l1_loss(x, y, reduction="none"), F.smooth_l1_loss(x, y),
                                                 F.smooth_l1_loss(x, y, beta=0.5, reduction="none"),
                                                 F.smooth_l1_loss(x, y, beta=0.0), F.huber_loss(x, y, delta=0.7),
                                                 F.soft_margin_loss(x, s), F.kl_div(x, p, reduction="sum"),
                                                 F.kl_div(x, y, reduction="none", log_target=True),
                                                 F.kl_div(x, torch.cat([p[:1] * 0, p[1:]])),
                                                 F.hinge_embedding_loss(x, s, margin=0.5),
                                                 F.poisson_nll_loss(x, p), F.poisson_nll_loss(p, y.abs() * 3, False, True),
                                                 F.binary_cross_entropy(p, p.flip(0)),
                                                 F.binary_cross_entropy(p, p.flip(0), weight=p, reduction="none"),
                                                 F.binary_cross_entropy_with_logits(x, p),
                                                 F.binary_cross_entropy_with_logits(x, p, weight=p, pos_weight=p[0] * 2,
                                                                                    reduction="sum"),
                                                 F.margin_ranking_loss(x, y, s, margin=0.2)),
         randn(3, 4), randn(3, 4), lambda g: torch.rand(3, 4, generator=g) * 0.9 + 0.05,
         lambda g: torch.randint(0, 2, (3, 4), generator=g).float() * 2 - 1, tol=1e-4),
    Case("class_losses", lambda x, i, w, p, im: (F.nll_loss(x, i), F.nll_loss(x, i, weight=w, reduction="sum"),
                                                 F.nll_loss(x, torch.where(i == 0, -100, i), weight=w),
                                                 F.nll_loss(x[0], i[0]), F.nll_loss(im, i[:, None, None].expand(3, 2, 2) % 4),
                                                 F.cross_entropy(x, i), F.cross_entropy(x, i, w, reduction="none"),
                                                 F.cross_entropy(x, p), F.cross_entropy(x, p, w, reduction="sum"),
                                                 F.cross_entropy(im, i[:, None, None].expand(3, 2, 2) % 4, ignore_index=1),
                                                 A.nll_loss(x, i), A.nll_loss2d(im, i[:, None, None].expand(3, 2, 2) % 4)),
         randn(3, 5), ints(0, 5, 3), positive(5), lambda g: torch.rand(3, 5, generator=g).softmax(1),
         randn(3, 4, 2, 2), tol=1e-4),
    Case("rearrangements", lambda x: (F.pixel_shuffle(x, 2), F.pixel_unshuffle(x, 2), F.pixel_shuffle(x[0], 2),
                                      F.channel_shuffle(x, 2), A.native_channel_shuffle(x, 4),
                                      A._safe_softmax(x.masked_fill(x > 0.5, -math.inf), -1),
                                      A._safe_softmax(torch.full((2, 3), -math.inf), 1),
                                      F.max_pool1d(x[0], 2, return_indices=True)[0]),
         randn(2, 8, 4, 6)),
    Case("embedding_and_indexing", Embeddings(), ints(0, 6, 2, 3), randn(4, 6, 2)),
    Case("gather_and_one_hot", lambda x, i: (torch.gather(x, 1, i), torch.gather(x, 0, i[:2] % 3),
                                             torch.gather(x[0], -1, i[0] % 2), F.one_hot(i, 6), F.one_hot(i[0] % 4, 5)),
         randn(3, 6, 2), ints(0, 6, 3, 4, 2)),
    # -- shapes --------------------------------------------------------------------------------
    Case("views", lambda x: (x.view(4, 6), x.reshape(-1), x.flatten(1), x.unflatten(2, (2, 2)),
                             x.mT.contiguous() + 1, x.clone() * 2, A.alias(x) - 1, x.detach() / 2,
                             A._unsafe_view(x, [6, 4])),
         randn(2, 3, 4)),
    Case("squeezes", lambda x: (x.squeeze(1), x.squeeze((1, 3)), x.squeeze(), x.squeeze(0), x.unsqueeze(0),
                                x.unsqueeze(-1), A.squeeze.default(x[0])),
         randn(2, 1, 3, 1)),
    Case("permutes", lambda x: (x.permute(2, 0, 1), x.transpose(0, -1), x[0].t(), x[0, 0].t(), x.mT),
         randn(2, 3, 4)),
    Case("expand_repeat", lambda x: (x.expand(2, 3, 4), x.expand(-1, 3, -1), x.repeat(2, 1, 3),
                                     x.repeat(2, 1, 1, 2), x.expand_as(torch.empty(2, 3, 4)),
                                     x.repeat_interleave(2, dim=1), x.repeat_interleave(3, dim=-1),
                                     x.repeat_interleave(2)),
         randn(2, 1, 4)),
    Case("joins_and_splits", lambda x, y: (torch.cat([x, y], 1), torch.cat([x, y.int()], -1), torch.stack([x, y]),
                                           torch.stack([x, y], -1), *x.split(2, 2), *x.split([1, 4], 2),
                                           *x.chunk(2, 1), *x.unbind(1), torch.concat([x, x])),
         randn(2, 3, 5), randn(2, 3, 5)),
    Case("slices", lambda x: (x[1:], x[:, ::2], x[..., -2:], x[:, 1:-1, 1::3], x.narrow(2, 1, 2), x[1], x[:, -1],
                              x.select(2, 0), x.flip(0), x.flip((1, 2)), x.roll(1, 2), x.roll((2, -1), (1, 2)),
                              x.roll(5), x[:, :0].roll(2, 1)),
         randn(3, 4, 5)),
    Case("triangles_and_cumsum", lambda x, a, m: (x.tril(), x.triu(), x.tril(-1), x.triu(2), x.cumsum(1),
                                                  x.cumsum(-1), a.cumsum(0), m.cumsum(1), a.int().cumsum(1)),
         randn(2, 4, 5), ints(-5, 5, 3, 4), mask(3, 4), tol=1e-4),
    Case("view_aliases", lambda x, y: (A.view_copy(x, [4, 6]), x.ravel(), x.reshape_as(y), x.view_as(y),
                                       torch.atleast_1d(x[0, 0, 0]), torch.atleast_2d(x[0, 0]), torch.atleast_3d(x[0]),
                                       A.alias_copy(x), A.squeeze_copy(x[:1]), A.squeeze_copy.dim(x[:1], 0),
                                       A.squeeze_copy.dims(x[:1], [0]), A.unsqueeze_copy(x, 1),
                                       A.permute_copy(x, [2, 0, 1]), A.transpose_copy(x, 0, 2), A.t_copy(x[0]),
                                       x.mH, x.adjoint(), x[0].H, x.T, torch.movedim(x, 0, -1),
                                       torch.movedim(x, (0, 1), (2, 0)), A.narrow_copy(x, 2, 1, 2),
                                       *A.unbind_copy(x, 1), *A.split_with_sizes_copy(x, [1, 3], 2),
                                       *A.unsafe_chunk(x, 2, 2), *A.unsafe_split(x, 2, 1)),
         randn(2, 3, 4), randn(6, 4)),
    Case("broadcasts_and_grids", lambda x, a, b: (torch.broadcast_to(a, (3, 4)), A.expand_copy(a, [2, 4]),
                                                  *torch.broadcast_tensors(x, a), *torch.broadcast_tensors(b, x[:, :1, None]), *torch.meshgrid(a, b, indexing="ij"),
                                                  *torch.meshgrid(a, b, a, indexing="xy"), *A.meshgrid.default([b, a]),
                                                  torch.cartesian_prod(a, b), torch.cartesian_prod(a),
                                                  torch.cartesian_prod(a, b, a)),
         randn(3, 1), randn(4), randn(2)),
    Case("stacking", lambda x, v, s: (torch.hstack([x, x]), torch.hstack([v, v]), torch.vstack([x, v[:4]]),
                                      torch.vstack([v, v]), torch.dstack([x, x]), torch.dstack([v, v]),
                                      torch.column_stack([v[:3], x]), torch.column_stack([s, s]), torch.block_diag(x, v, s, x.int()),
                                      torch.tile(x, (2,)), torch.tile(x, (2, 1, 3)), *torch.hsplit(x, 2),
                                      *torch.hsplit(v, [1, 3]), *torch.vsplit(x, [1]), *torch.dsplit(x[None], 2), *torch.vsplit(x[:2], 2),
                                      *torch.dsplit(x[None], [1])),
         randn(3, 4), randn(5), fixed(torch.tensor(2.5))),
    Case("diagonals", lambda x, v, m: (torch.diagonal(x), torch.diagonal(x, 1, 1, 2), torch.diagonal(x, -2, -1, 0),
                                       A.diagonal_copy(x, 0, 0, 2), torch.linalg.diagonal(x, offset=1),
                                       torch.diag_embed(v), torch.diag_embed(m, -1, 0, 2), torch.diag_embed(m, 2),
                                       torch.diag(v), torch.diag(v, -1), torch.diag(m, 1), torch.diagflat(m),
                                       torch.diagflat(v, 2), torch.trace(m), torch.trace(m.int() * 3)),
         randn(2, 3, 4), randn(3), randn(3, 4)),
    Case("rotations", lambda x: (torch.rot90(x), torch.rot90(x, 2, (1, 2)), torch.rot90(x, -1, (2, 0)),
                                 torch.rot90(x, 4) * 2, x.fliplr(), x.flipud()), randn(2, 3, 4)),
    Case("takes_and_searches", lambda x, i, b, s: (torch.take(x, i), torch.take_along_dim(x, i % 3, 1),
                                                   torch.take_along_dim(x, i[:1, :1] % 2, 0),
                                                   torch.take_along_dim(x, i % 8), torch.isin(b, s),
                                                   torch.isin(b, s, invert=True), torch.isin(b, 2),
                                                   torch.isin(3, b), torch.bucketize(x, s),
                                                   torch.bucketize(x, s, right=True, out_int32=True),
                                                   torch.searchsorted(s, x[0]), torch.searchsorted(s, x[0], side="right"),
                                                   torch.searchsorted(s.flip(0), x, sorter=torch.arange(3).flip(0)[None].expand(2, 3)[0]),
                                                   torch.searchsorted(torch.stack([s, s + 1]), x.flip(1))),
         lambda g: torch.randint(-3, 4, (2, 4), generator=g).float(), ints(-7, 7, 2, 3), ints(0, 5, 3, 2),
         fixed(torch.tensor([-1.0, 0.0, 2.0]))),
    Case("diff_and_index_fill", lambda x, i, m: (torch.diff(x), torch.diff(x, 2, 0), torch.diff(x, dim=0, prepend=x[:1]),
                                                 torch.diff(x, 1, -1, x[:, :2], x), torch.diff(m), torch.diff(i, 3),
                                                 x.index_fill(1, torch.tensor([0, -1]), 2.5),
                                                 x.index_fill(0, torch.tensor([1]), torch.tensor(-1.0)),
                                                 i.index_fill(0, torch.tensor([2, 2]), 7)),
         randn(3, 5), ints(-9, 9, 6), mask(3, 4)),
    Case("pads", lambda x: (F.pad(x, (1, 2)), F.pad(x, (1, 0, 2, 1), value=0.5), F.pad(x, (-1, 1, 0, 2)),
                            A.constant_pad_nd(x, [0, 1, 1, 0], 3.0)),
         randn(2, 3, 4)),
    Case("pads_core", lambda x: (F.pad(x, (1, 2)), F.pad(x, (1, 0, 2, 1), value=0.5)), randn(2, 3, 4),
         decompose=True),
    Case("dtypes", lambda x, a: (x.to(torch.int64), a.to(torch.float32), x.int(), x > 0, (x > 0).float(),
                                 a.type_as(x), x.to(dtype=torch.float64, device="cpu"), x.double().half().float(),
                                 A.to.dtype_layout(a, dtype=torch.float64), (x.bfloat16() * 2 + 1).float()),
         lambda g: torch.randn(3, 4, generator=g) * 4, ints(-5, 5, 3, 4), tol=1e-2),
    Case("dtypes_core", lambda x, a: (x.to(torch.int64), a.to(torch.float32)),
         lambda g: torch.randn(3, 4, generator=g) * 4, ints(-5, 5, 3, 4), decompose=True),
    Case("lifted_constant", Constant(), randn(2, 3)),
    Case("symbolic_sizes", lambda x: ((x.view(x.shape[0], -1) * 2).relu() + x.expand(x.shape[0], 4),
                                      x[:, torch.tensor([3, 0])].softmax(-1)), randn(5, 4),
         dynamic={"xs": ({0: torch.export.Dim("batch")},)}),
    # Python arithmetic on a symbolic size (operator.add/sub/mul/floordiv
    # nodes) that comes back to the batch.
    # (torch.export folds some of them: these are forms it keeps.)
    Case("symbolic_size_arithmetic", lambda x: (x.view(x.shape[0] - 1 + 1, -1) * 3,
                                                x.view(x.shape[0] * 4 // 2 // 2, -1) + 1,
                                                x.view((x.shape[0] * 2 + 1) // 2, -1)), randn(5, 4),
         dynamic={"xs": ({0: torch.export.Dim("batch")},)}),
    Case("in_place", lambda x, y, m: ((x * 1).relu_(), F.hardtanh(x * 1, inplace=True), F.silu(x * 1, inplace=True),
                                      (x * 1).sigmoid_(), (x * 1).tanh_(), F.leaky_relu(x * 1, inplace=True),
                                      F.elu(x * 1, inplace=True), F.hardswish(x * 1, inplace=True),
                                      F.hardsigmoid(x * 1, inplace=True), (x * 1).clamp_(-0.2, 0.3), (x * 1).add_(y),
                                      (x * 1).sub_(y), (x * 1).mul_(y), (x * 1).div_(y),
                                      (x * 1).masked_fill_(m, 0.5)),
         randn(3, 4), randn(4), mask(3, 4)),
    # -- creation ----------------------------------------------------------------------------------
    Case("creation", lambda x: (torch.zeros(2, 3) + x[0, 0], torch.ones(2, 3, dtype=torch.int32),
                                torch.full((2,), 3.5), torch.zeros_like(x), torch.ones_like(x, dtype=torch.bool),
                                torch.full_like(x, -2.0), x.new_zeros(3), x.new_ones((2, 2)), x.new_full((4,), 7.0),
                                torch.arange(5), torch.arange(2, 8), torch.arange(1.0, 3.0, 0.5),
                                torch.eye(3, 4), torch.eye(2), A.scalar_tensor(1.5) + x),
         randn(2, 3)),
    Case("spacing", lambda s, e: (torch.linspace(-1.5, 2.0, 7), torch.linspace(0, 10, 6, dtype=torch.int64),
                                  torch.linspace(3.0, 3.0, 1), torch.linspace(s, e, 5), torch.linspace(s, 4.0, 4),
                                  torch.linspace(-2.0, e, 9), torch.logspace(-1, 2, 5), torch.logspace(0, 3, 4, base=2.0),
                                  torch.logspace(s, e, 6), torch.logspace(s, 1.0, 3), torch.logspace(0.0, e, 3, 3.0),
                                  torch.linspace(1, 2, 0) + 1),
         fixed(torch.tensor(0.25)), fixed(torch.tensor(1.75)), tol=1e-4),
    # -- reductions --------------------------------------------------------------------------------
    Case("sums", lambda x, m: (x.sum(), x.sum(1), x.sum((0, 2), keepdim=True), x.mean(), x.mean(-1),
                               x.mean((0, 1), keepdim=True), x.prod(), x.prod(1), m.sum(), m.sum(-1)),
         positive(2, 3, 4), mask(3, 4), tol=1e-4),
    Case("extremes", lambda x: (x.amax(1), x.amin((0, 2), keepdim=True), x.max(), x.min(), *x.max(1),
                                *x.min(-1, keepdim=True), x.argmax(), x.argmax(1), x.argmin(2, keepdim=True),
                                x.argmin()),
         randn(2, 3, 4)),
    Case("statistics", lambda x: (x.var(1), x.var(), x.std(-1, keepdim=True), x.std(), x.var((0, 2), correction=0),
                                  x.std(1, correction=2), *torch.var_mean(x, 1),
                                  *torch.var_mean(x, (0, 2), correction=0),
                                  *torch.std_mean(x, -1), *torch.std_mean(x, (0, 1), correction=0), A.var.dim(x, [0]),
                                  A.std.dim(x, [2], False)),
         randn(3, 4, 5), tol=1e-4),
    Case("scans", lambda x, a, c: (x.cumprod(1), *x.cummax(0), *torch.cummin(x, -1), x.logcumsumexp(1),
                                   a.cumprod(0), *torch.cummax(a, 1), torch.cummin(a, 0)[1], x.cummax(1)[0]),
         randn(3, 4, 2), ints(-2, 3, 5, 4), randn(3)),
    Case("nan_and_count_reductions", lambda n, a: (torch.nansum(n), torch.nansum(n, 1), torch.nanmean(n, 0),
                                                   torch.nanmean(n), torch.count_nonzero(a),
                                                   torch.count_nonzero(a, (0, 1)), torch.count_nonzero(a, 1),
                                                   *torch.aminmax(n[1:]), *torch.aminmax(a, dim=1, keepdim=True)),
         fixed(torch.tensor([[1.0, math.nan, 2.0], [0.5, -1.0, 3.0], [math.nan, math.nan, 4.0]])),
         ints(-1, 2, 3, 4)),
    Case("matrix_norms_and_unbiased", lambda x, y: (torch.linalg.matrix_norm(x), torch.linalg.matrix_norm(x, 1),
                                                    torch.linalg.matrix_norm(x, -math.inf, keepdim=True),
                                                    torch.linalg.matrix_norm(x, -1, dim=(0, 2)),
                                                    torch.linalg.matrix_norm(x, math.inf), torch.dist(x, y),
                                                    torch.dist(x, y, 1), A.var.default(x), A.std.default(x, False),
                                                    *A.var_mean.default(x), *A.std_mean.default(x, False)),
         randn(2, 3, 4), randn(3, 4), tol=1e-4),
    # torch takes dim 0 / -1 of a 0-D tensor as a reduction over nothing
    Case("zero_dimensional", lambda s, i: (s.sum(0), s.amax(-1, keepdim=True), *s.max(0), s.cumsum(0),
                                           s.logsumexp(0), s.argmax(0), s.softmax(0), s.log_softmax(-1), s.mean(0),
                                           s.var(0, correction=0), s.cumprod(0), torch.index_select(s, 0, i)),
         fixed(torch.tensor(0.7)), lambda g: torch.tensor([0])),
    Case("booleans", lambda m: (m.any(), m.any(1), m.all(), m.all(0), A.any.dims(m, [0, 1])), mask(3, 4)),
    Case("norms_of_vectors", lambda x: (torch.logsumexp(x, 1), torch.logsumexp(x, (0, 1), keepdim=True),
                                        torch.linalg.vector_norm(x), torch.linalg.vector_norm(x, 1, dim=1),
                                        torch.linalg.vector_norm(x, math.inf, dim=0),
                                        torch.linalg.vector_norm(x, -math.inf), torch.linalg.vector_norm(x, 0),
                                        torch.linalg.vector_norm(x, 3, dim=-1, keepdim=True)),
         randn(3, 4), tol=1e-4),
]

# -- running a case ----------------------------------------------------------------------------------

_EXPORTED = {}
_TESTED_OPS = set()


def _inputs(case):
    generator = torch.Generator().manual_seed(0)
    return [make(generator) for make in case.inputs]


def _exported(case):
    """The case's ExportedProgram (cached: the coverage test reuses it)."""
    if case.name not in _EXPORTED:
        program = torch.export.export(case.module().eval(), tuple(_inputs(case)), dynamic_shapes=case.dynamic)
        _EXPORTED[case.name] = program.run_decompositions() if case.decompose else program
    return _EXPORTED[case.name]


def aten_ops(program):
    return {str(n.target) for n in program.graph.nodes if n.op == "call_function"}


def _flat(outputs):
    return list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]


def _compare(got, expected, tol):
    got = got.numpy()
    expected = expected.detach().numpy()
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)
    else:
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_op_matches_torch(case):
    inputs = _inputs(case)
    program = _exported(case)
    mod = from_exported_program(program)
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    got = _flat(vm["main"](*[x.numpy() for x in inputs]))
    with torch.no_grad():
        expected = _flat(case.module().eval()(*inputs))
    assert len(got) == len(expected)
    for index, (g, e) in enumerate(zip(got, expected)):
        try:
            _compare(g, e, case.tol)
        except AssertionError as failure:
            raise AssertionError(f"output {index}: {failure}") from None


def test_every_converter_is_exercised():
    """Each key of the table (ATen overloads, and the Python operators that
    torch.export leaves for getitem and symbolic sizes) appears in the graph
    of a case that is not expected to fail."""
    seen = set()
    for case in CASES:
        if not case.xfail:
            seen |= aten_ops(_exported(case))
    table = set(CONVERTERS)
    untested = sorted(table - seen)
    assert not untested, f"{len(untested)} converters no case exercises: {untested}"
    assert len(table) == 441, len(table)  # the README's count


# -- errors ------------------------------------------------------------------------------------------

class Refused(nn.Module):
    """Programs with an argument a converter cannot handle; each line is
    what the error must quote."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def forward(self, x):
        if self.kind == "reflect":
            return F.pad(x, (1, 1, 1, 1), mode="reflect")
        if self.kind == "training":
            return F.batch_norm(x, None, None, training=True)
        if self.kind == "indices":
            return F.max_pool2d(x, 2, return_indices=True)[1]
        if self.kind == "two_indices":
            return x[torch.tensor([0, 1]), :, torch.tensor([1, 0])]
        if self.kind == "divisor":
            return F.avg_pool2d(x, 2, divisor_override=3)
        if self.kind == "attention_dropout":
            return F.scaled_dot_product_attention(x, x, x, dropout_p=0.5)
        if self.kind == "integer_power":
            return x.int() ** 3
        if self.kind == "transposed":
            return F.conv_transpose2d(x, torch.ones(3, 2, 2, 2))
        return x.flatten(0, 1)  # "symbolic": a product 3 * n of the batch


REFUSALS = [
    ("reflect", "aten.pad.default", "'mode'='reflect'", 'F.pad(x, (1, 1, 1, 1), mode="reflect")', False, None),
    ("training", "aten.batch_norm.default", "'training'=True", "F.batch_norm(x, None, None, training=True)",
     False, None),
    ("indices", "aten.max_pool2d_with_indices.default", "indices", "return_indices=True", False, None),
    ("two_indices", "aten.index.Tensor", "adjacent dimensions", "x[torch.tensor([0, 1]), :, torch.tensor([1, 0])]",
     False, None),
    ("divisor", "aten.avg_pool2d.default", "'divisor_override'=3", "divisor_override=3", False, None),
    ("attention_dropout", "aten.scaled_dot_product_attention.default", "'dropout_p'=0.5", "dropout_p=0.5", False,
     None),
    ("integer_power", "aten.pow.Tensor_Scalar", "'exponent'=3", "x.int() ** 3", False, None),
    ("transposed", "aten.convolution.default", "'transposed'=True", "F.conv_transpose2d", True, None),
    ("symbolic", "aten.flatten.using_ints", "symbolic size 3*", "x.flatten(0, 1)", False,
     {"x": {0: torch.export.Dim("n")}}),
]


@pytest.mark.parametrize("kind, op, argument, line, decompose, dynamic", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_unsupported_argument_names_op_argument_and_line(kind, op, argument, line, decompose, dynamic):
    program = torch.export.export(Refused(kind), (torch.randn(2, 3, 4, 4),), dynamic_shapes=dynamic)
    if decompose:
        program = program.run_decompositions()
    with pytest.raises(TVMLIRError) as info:
        from_exported_program(program)
    message = str(info.value)
    assert message.startswith(op + ":"), message
    assert argument in message and "test_frontend_torch_ops.py" in message and line in message, message
