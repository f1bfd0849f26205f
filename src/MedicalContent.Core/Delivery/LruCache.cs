namespace MedicalContent.Delivery;

/// <summary>
/// A least-recently-used cache bounded by the total size of its values (bytes), so memory stays flat however
/// many articles, audiences and pages are requested.
/// </summary>
public sealed class LruCache<TKey, TValue>(long capacity, Func<TValue, long> sizeOf)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private long _size;

    public long Capacity { get; } = capacity;

    public long Size
    {
        get
        {
            lock (_lock)
            {
                return _size;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Adds or replaces a value, evicting the least recently used ones beyond the capacity. A value larger than the
    /// whole capacity is not kept, and neither is the value it replaces: a read never returns the older one.
    /// </summary>
    public void Set(TKey key, TValue value)
    {
        var size = sizeOf(value);
        lock (_lock)
        {
            if (_map.Remove(key, out var existing))
            {
                _order.Remove(existing);
                _size -= existing.Value.Size;
            }

            if (size > Capacity)
            {
                return;
            }

            _map[key] = _order.AddFirst(new Entry(key, value, size));
            _size += size;
            while (_size > Capacity && _order.Last is { } last)
            {
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
                _size -= last.Value.Size;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _order.Clear();
            _size = 0;
        }
    }

    private readonly record struct Entry(TKey Key, TValue Value, long Size);
}
