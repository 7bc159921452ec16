// The first tutorial's transfer learning as a package user writes it: torchvision's ResNet-18, shipped in the package,
// frozen through its global pooling, under a new head. Checks the counts the generator derived from the package's
// ResNet18 and that the typed CopyWeightsFrom and Predict run; prints what differs and exits 1 otherwise.
using System.Globalization;
using NeuralDsl;
using NeuralDsl.Applications;

// ResNet-18 is 11,699,112 with the moving statistics; through avgpool it lacks fc (512 × 1000 + 1000 = 513,000). The head
// is 512 × 2 + 2.
const int Base = 11_699_112 - 513_000, Head = 512 * 2 + 2;
var problems = new List<string>();
Expect("ParameterCount", CatsAndDogs.ParameterCount, Base + Head);
Expect("InputSize", CatsAndDogs.InputSize, 224 * 224 * 3);
Expect("OutputSize", CatsAndDogs.OutputSize, 2);

var model = new CatsAndDogs(seed: 1);
model.CopyWeightsFrom(new ResNet18(seed: 2)); // typed: only a ResNet18 compiles here
string summary = model.Summary();
foreach (var (label, count) in new[] { ("Total", Base + Head), ("Trainable", Head), ("Non-trainable", Base) })
{
    string line = string.Create(CultureInfo.InvariantCulture, $"{label} params: {count:N0}");
    if (!summary.Contains(line, StringComparison.Ordinal)) problems.Add($"Summary lacks '{line}'");
}

var image = new float[CatsAndDogs.InputSize];
var random = new Random(3);
for (int i = 0; i < image.Length; i++) image[i] = (float)(random.NextDouble() * 2 - 1);
float[] p = model.Predict(image);
if (p.Length != 2 || !float.IsFinite(p[0] + p[1]) || Math.Abs(p[0] + p[1] - 1) > 1e-5f) problems.Add($"Predict gives [{string.Join(", ", p)}]");

foreach (string problem in problems) Console.Error.WriteLine(problem);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CatsAndDogs: {CatsAndDogs.ParameterCount:N0} parameters, Predict [{p[0]:0.0000}, {p[1]:0.0000}]"));
return problems.Count == 0 ? 0 : 1;

// The generated constants are compile-time constants: compared in a method, not in an `if` the compiler would fold.
void Expect(string what, int actual, int expected)
{
    if (actual != expected) problems.Add($"{what} is {actual}, not {expected}");
}

[Model(Loss = Loss.CategoricalCrossentropy)]
[Reuse(typeof(ResNet18), Through = "avgpool", Trainable = false)]
[Dense(2, Activation.Softmax, Name = "head")]
public partial class CatsAndDogs;
