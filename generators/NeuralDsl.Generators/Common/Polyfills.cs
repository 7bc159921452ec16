// Types newer compilers look up by name, which netstandard2.0 does not define.
namespace System.Runtime.CompilerServices;

/// <summary>Lets <c>init</c> accessors and records compile on netstandard2.0.</summary>
internal static class IsExternalInit { }

/// <summary>Marks a type the compiler builds interpolated strings with (<see cref="NeuralDsl.Generators.Emit.Code"/>).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerAttribute : Attribute { }
