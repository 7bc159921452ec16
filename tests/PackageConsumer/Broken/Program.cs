// Uses the model the way a working program would; the one error must be the NDSL error on [Dense(10)], not a
// cascade of CS1061 / CS0426 errors at these call sites.
using NeuralDsl;

var model = new BrokenCnn(seed: 1);
model.Fit(new float[BrokenCnn.InputSize], new float[BrokenCnn.OutputSize], new FitOptions { Epochs = 1 });
BrokenCnn.OutputVector output = model.Predict(new BrokenCnn.InputVector());
Console.WriteLine($"{BrokenCnn.ParameterCount} {output[0]}");
BrokenCnn.Load("weights.safetensors").Save("copy.safetensors");

[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(8, 3, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class BrokenCnn;
