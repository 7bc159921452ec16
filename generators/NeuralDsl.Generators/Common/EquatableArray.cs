using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace NeuralDsl.Generators.Common;

/// <summary>
/// An immutable array compared by its elements, so that records holding one stay value-equal across
/// generator runs and the incremental pipeline can cache them.
/// </summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    public static readonly EquatableArray<T> Empty = new EquatableArray<T>(Array.Empty<T>());

    private readonly T[]? _items;

    public EquatableArray(T[] items) => _items = items;

    public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

    private T[] Items => _items ?? Array.Empty<T>();

    public int Count => Items.Length;

    public T this[int index] => Items[index];

    public bool IsEmpty => Items.Length == 0;

    /// <summary>The position of the first element equal to <paramref name="item"/>, or -1.</summary>
    public int IndexOf(T item) => Array.IndexOf(Items, item);

    public bool Equals(EquatableArray<T> other)
    {
        T[] mine = Items, theirs = other.Items;
        if (mine.Length != theirs.Length) return false;
        for (int i = 0; i < mine.Length; i++)
            if (!EqualityComparer<T>.Default.Equals(mine[i], theirs[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        foreach (T item in Items) hash = unchecked(hash * 31 + (item is null ? 0 : item.GetHashCode()));
        return hash;
    }

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    public ImmutableArray<T> AsImmutableArray() => ImmutableArray.Create(Items);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal static class EquatableArray
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) where T : IEquatable<T> =>
        new EquatableArray<T>(items);

    public static EquatableArray<T> Of<T>(params T[] items) where T : IEquatable<T> => new EquatableArray<T>(items);
}
