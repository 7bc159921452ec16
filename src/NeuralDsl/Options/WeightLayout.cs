namespace NeuralDsl;

/// <summary>How a weights file names and lays out its tensors, for <c>LoadWeights(path, matching, layout)</c>.</summary>
public enum WeightLayout
{
    /// <summary>NeuralDsl's (and Keras's) own: tensors <c>&lt;layer&gt;/kernel</c>, <c>/bias</c>, <c>/gamma</c>, <c>/beta</c>,
    /// <c>/moving_mean</c>, <c>/moving_variance</c>; convolution kernels HWIO (height, width, input channels, filters),
    /// dense kernels <c>[inputs, units]</c>. What <c>Save</c> writes.</summary>
    Keras,

    /// <summary>A PyTorch <c>state_dict</c> saved as safetensors: tensor <c>&lt;module&gt;.weight</c>, <c>.bias</c>,
    /// <c>.running_mean</c>, <c>.running_var</c> fills the layer named <c>&lt;module&gt;</c> with <c>_</c> for <c>.</c>
    /// (<c>layer1.0.conv1.weight</c> → <c>layer1_0_conv1/kernel</c>): <c>weight</c> is a Conv2D's or Dense's kernel or a
    /// BatchNormalization's gamma, <c>bias</c> its bias or beta; convolution weights are converted from OIHW to HWIO and
    /// linear weights from <c>[out, in]</c> to <c>[in, out]</c>; <c>num_batches_tracked</c> is ignored (listed in
    /// <see cref="WeightLoadReport.Ignored"/>). A Dense that reads a <c>Flatten</c> of an image sees its features in NHWC
    /// order, PyTorch's linear layer in CHW order: such a kernel loads but is not permuted.</summary>
    PyTorch,
}
