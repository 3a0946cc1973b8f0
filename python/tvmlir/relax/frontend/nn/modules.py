"""Built-in modules (TVM's ``relax.frontend.nn.modules``): the parameters
each makes, with TVM's names and shapes, and a ``forward`` of ``nn.op`` calls."""

from . import op
from .core import Module, Parameter


class ReLU(Module):
    def forward(self, x):
        return op.relu(x)


class SiLU(Module):
    def forward(self, x):
        return op.silu(x)


class GELU(Module):
    def forward(self, x):
        return op.gelu(x)


class Identity(Module):
    def forward(self, x):
        return x


class Linear(Module):
    """``x @ weight.T + bias``; ``weight`` is ``(out_features, in_features)``."""

    def __init__(self, in_features, out_features, bias=True, dtype=None, out_dtype=None):
        self.in_features = in_features
        self.out_features = out_features
        self.out_dtype = out_dtype
        self.weight = Parameter((out_features, in_features), dtype)
        # With out_dtype the bias is added to the product: it has that dtype.
        self.bias = Parameter((out_features,), dtype if out_dtype is None else out_dtype) if bias else None

    def forward(self, x):
        x = op.matmul(x, op.permute_dims(self.weight), out_dtype=self.out_dtype)
        if self.bias is not None:
            x = x + self.bias
        return x


class Conv2D(Module):
    """2-D convolution over NCHW data; ``weight`` is
    ``(out_channels, in_channels / groups, kernel_size, kernel_size)``."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, dtype=None):
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.weight = Parameter((out_channels, in_channels // groups, kernel_size, kernel_size), dtype)
        self.bias = Parameter((out_channels,), dtype) if bias else None

    def forward(self, x):
        return op.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class LayerNorm(Module):
    """Layer normalization over the last dimension (of extent ``normalized_shape``)."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, dtype=None):
        self.normalized_shape = normalized_shape
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter((normalized_shape,), dtype)
            self.bias = Parameter((normalized_shape,), dtype)
        else:
            self.weight = None
            self.bias = None

    def forward(self, x):
        return op.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)


class RMSNorm(Module):
    """Root-mean-square normalization over ``axes``, scaled by ``weight`` (plus ``bias``)."""

    def __init__(self, hidden_size, axes, epsilon=1e-5, bias=False, dtype=None):
        self.epsilon = epsilon
        self.axes = axes
        self.weight = Parameter((hidden_size,), dtype)
        self.bias = Parameter((hidden_size,), dtype) if bias else None

    def forward(self, x):
        out = op.rms_norm(x, self.weight, self.axes, self.epsilon)
        if self.bias is not None:
            out = op.add(out, self.bias)
        return out


class GroupNorm(Module):
    """Group normalization: ``num_channels`` split into ``num_groups`` groups."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, dtype=None):
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        if affine:
            self.weight = Parameter((num_channels,), dtype)
            self.bias = Parameter((num_channels,), dtype)
        else:
            self.weight = None
            self.bias = None

    def forward(self, x, channel_axis=1, axes=None):
        return op.group_norm(x, self.num_groups, self.weight, self.bias, self.eps, channel_axis, axes)


class Embedding(Module):
    """Rows of ``weight`` ``(num, dim)`` at integer indices of any shape."""

    def __init__(self, num, dim, dtype=None):
        self.num = num
        self.dim = dim
        self.weight = Parameter((num, dim), dtype)

    def forward(self, x):
        # relax.take gathers with indices of any rank (shape x.shape + (dim,)),
        # so no reshape is needed, and symbolic index shapes work.
        return op.take(self.weight, x, axis=0)
