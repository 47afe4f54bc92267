namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Groups rows 0..n-1 by one band's 64-bit key: an open-addressing table (keys are hashes
/// already, so their low bits index it) with each bucket's rows chained in ascending order.
/// O(n) per band, reused across bands; several times faster than sorting the keys.
/// </summary>
internal sealed class BandBuckets
{
    private readonly ulong[] _keys;
    private readonly int[] _head;
    private readonly int[] _tail;
    private readonly int[] _next;
    private readonly int _mask;

    public BandBuckets(int rows)
    {
        var capacity = 16;
        while (capacity < rows * 2) capacity *= 2;
        _mask = capacity - 1;
        _keys = new ulong[capacity];
        _head = new int[capacity];
        _tail = new int[capacity];
        _next = new int[rows];
    }

    /// <summary>First rows of the buckets holding two or more rows, in the order those buckets got their second row.</summary>
    public List<int> Shared { get; } = [];

    public void Fill(Func<int, ulong> keyOf)
    {
        Array.Fill(_head, -1);
        Shared.Clear();
        for (var i = 0; i < _next.Length; i++)
        {
            var key = keyOf(i);
            _next[i] = -1;
            var s = (int)(key & (ulong)_mask);
            while (_head[s] != -1 && _keys[s] != key) s = (s + 1) & _mask;
            if (_head[s] == -1)
            {
                _head[s] = _tail[s] = i;
                _keys[s] = key;
                continue;
            }
            if (_head[s] == _tail[s]) Shared.Add(_head[s]);
            _next[_tail[s]] = i;
            _tail[s] = i;
        }
    }

    /// <summary>The rows of the bucket that starts at <paramref name="head"/>, ascending.</summary>
    public void Members(int head, List<int> members)
    {
        members.Clear();
        for (var i = head; i != -1; i = _next[i]) members.Add(i);
    }
}
