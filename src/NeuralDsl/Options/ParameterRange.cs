namespace NeuralDsl;

/// <summary>A run of <see cref="Length"/> parameters from <see cref="Start"/> in a model's parameter buffer: the part an
/// optimizer step updates when some layers are frozen.</summary>
internal readonly record struct ParameterRange(int Start, int Length)
{
    public int End => Start + Length;

    /// <summary>The parts of <paramref name="now"/> that <paramref name="before"/> did not cover: parameters that have just become
    /// trainable, whose optimizer moments start again from zero. Both lists are sorted and disjoint.</summary>
    public static List<ParameterRange> Added(ReadOnlySpan<ParameterRange> before, ReadOnlySpan<ParameterRange> now)
    {
        var added = new List<ParameterRange>();
        foreach (var range in now)
        {
            int start = range.Start;
            foreach (var old in before)
            {
                if (old.End <= start || old.Start >= range.End) continue;
                if (old.Start > start) added.Add(new ParameterRange(start, old.Start - start));
                start = Math.Max(start, old.End);
            }
            if (start < range.End) added.Add(new ParameterRange(start, range.End - start));
        }
        return added;
    }
}
