using System.Reflection;

namespace NeuralDsl.Runtime.Tests.Distributed;

/// <summary>Issue 20, item 14: data-parallel Fit compares each rank's optimizer by its type and
/// <see cref="Optimizer.Hyperparameters"/>, so every setting that decides an update must be listed there.</summary>
public sealed class OptimizerHyperparameterTests
{
    [Fact]
    public void Every_public_setting_but_the_learning_rate_is_listed_once_with_its_value()
    {
        Optimizer[] optimizers = [new Sgd(0.1f, 0.5f, nesterov: true), new RmsProp(0.01f, 0.8f, 1e-6f), new Adam(0.01f, 0.8f, 0.99f, 1e-6f)];
        foreach (var optimizer in optimizers)
        {
            var listed = optimizer.Hyperparameters.ToDictionary(setting => setting.Name, setting => setting.Value, StringComparer.OrdinalIgnoreCase);
            var settings = optimizer.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

            Assert.NotEmpty(settings);
            Assert.Equal(settings.Length, listed.Count); // nothing else, and ToDictionary refuses a name listed twice
            foreach (var setting in settings)
            {
                Assert.True(listed.TryGetValue(setting.Name, out double value), $"{optimizer.GetType().Name}.{setting.Name} is not in Hyperparameters");
                double expected = setting.GetValue(optimizer) switch
                {
                    float number => number,
                    bool flag => flag ? 1 : 0,
                    var other => throw new InvalidOperationException($"{setting.Name} is a {other?.GetType().Name}: say how Hyperparameters gives it"),
                };
                Assert.Equal(expected, value);
            }
        }
    }

    [Fact]
    public void Optimizers_that_differ_in_one_setting_list_different_values_and_equal_ones_equal_values()
    {
        (Func<Optimizer> A, Func<Optimizer> B)[] pairs =
        [
            (() => new Sgd(0.1f), () => new Sgd(0.1f, momentum: 0.5f)),
            (() => new Sgd(0.1f, 0.5f), () => new Sgd(0.1f, 0.5f, nesterov: true)),
            (() => new RmsProp(), () => new RmsProp(rho: 0.8f)),
            (() => new RmsProp(), () => new RmsProp(epsilon: 1e-6f)),
            (() => new Adam(), () => new Adam(beta1: 0.8f)),
            (() => new Adam(), () => new Adam(beta2: 0.99f)),
            (() => new Adam(), () => new Adam(epsilon: 1e-6f)),
        ];
        foreach (var (a, b) in pairs)
        {
            Assert.NotEqual(a().Hyperparameters, b().Hyperparameters);
            Assert.Equal(a().Hyperparameters, a().Hyperparameters);
        }
    }
}
