using System.Collections.Concurrent;
using CsCheck;
using MedicalContent.Delivery;

namespace MedicalContent.Tests.Delivery;

/// <summary>
/// The size-bounded LRU cache against a reference model (a plain list, most recently used first), on random
/// sequences of operations, and under concurrent use.
/// </summary>
public class LruCacheTests
{
    private enum Kind
    {
        Set,
        TryGet,
        Clear,
    }

    /// <summary>One operation; a value's size is its length, so values longer than the capacity occur too.</summary>
    private readonly record struct Operation(Kind Kind, int Key, int Length)
    {
        public override string ToString() => Kind switch
        {
            Kind.Set => $"Set({Key}, {Length})",
            Kind.TryGet => $"TryGet({Key})",
            _ => "Clear()",
        };
    }

    private static readonly Gen<Operation> AnyOperation = Gen.Select(
        Gen.Frequency((10, Gen.Const(Kind.Set)), (10, Gen.Const(Kind.TryGet)), (1, Gen.Const(Kind.Clear))),
        Gen.Int[0, 7],
        Gen.Frequency((8, Gen.Int[0, 8]), (1, Gen.Int[9, 30])),
        (kind, key, length) => new Operation(kind, key, length));

    [Fact]
    public void EveryOperationSequenceBehavesLikeTheReferenceModel()
    {
        Gen.Select(Gen.Int[0, 24], AnyOperation.Array[1, 60]).Sample(
            (capacity, operations) =>
            {
                var cache = new LruCache<int, string>(capacity, v => v.Length);
                var model = new Model(capacity);
                var step = 0;
                foreach (var operation in operations)
                {
                    step++;
                    switch (operation.Kind)
                    {
                        case Kind.Set:
                            // The value names its key and when it was set, so a hit shows which Set it came from.
                            var value = $"{operation.Key}:{step}:".PadRight(operation.Length, '.')[..Math.Max(operation.Length, 0)];
                            cache.Set(operation.Key, value);
                            model.Set(operation.Key, value);
                            break;
                        case Kind.TryGet:
                            var hit = cache.TryGet(operation.Key, out var got);
                            var expected = model.TryGet(operation.Key);
                            Assert.True(hit == expected is not null, $"step {step} {operation}: cache {(hit ? "hit" : "missed")}, model {(expected is null ? "missed" : "hit")}");
                            if (hit)
                            {
                                Assert.Equal(expected, got);
                            }

                            break;
                        default:
                            cache.Clear();
                            model.Clear();
                            break;
                    }

                    Assert.True(cache.Size <= capacity, $"step {step} {operation}: size {cache.Size} over the capacity {capacity}");
                    Assert.Equal(model.Size, cache.Size);
                    Assert.Equal(model.Count, cache.Count);
                }

                // Reading every key the model holds, least recently used first, hits each one: nothing it kept was evicted.
                foreach (var key in model.KeysLeastRecentFirst())
                {
                    Assert.True(cache.TryGet(key, out var kept), $"key {key} was evicted out of order");
                    Assert.Equal(model.TryGet(key), kept);
                }
            },
            iter: 3000,
            threads: 1,
            print: t => $"capacity {t.Item1}: {string.Join(", ", t.Item2)}");
    }

    [Fact]
    public void TheLeastRecentlyUsedEntryIsEvictedFirstAndReadingRefreshesAnEntry()
    {
        var cache = new LruCache<string, string>(3, v => v.Length);
        cache.Set("a", "1");
        cache.Set("b", "2");
        cache.Set("c", "3");
        Assert.True(cache.TryGet("a", out _));

        cache.Set("d", "4");

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("d", out _));

        // Two slots' worth evicts the two least recently used (a, then c), not the newest.
        cache.Set("e", "55");
        Assert.False(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("d", out var d));
        Assert.Equal("4", d);
        Assert.Equal(3, cache.Size);
    }

    [Fact]
    public void ReplacingAKeyCountsOnlyTheNewValueAndAValueAsLargeAsTheCapacityFillsIt()
    {
        var cache = new LruCache<string, string>(4, v => v.Length);
        cache.Set("a", "1");
        cache.Set("b", "22");
        cache.Set("b", "333");

        Assert.Equal(4, cache.Size);
        Assert.True(cache.TryGet("b", out var b));
        Assert.Equal("333", b);

        cache.Set("c", "4444");
        Assert.Equal(1, cache.Count);
        Assert.Equal(4, cache.Size);
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void AValueLargerThanTheCapacityIsNotCachedAndEvictsNothing()
    {
        var cache = new LruCache<string, string>(4, v => v.Length);
        cache.Set("a", "1");
        cache.Set("b", "22");

        cache.Set("c", "55555");

        Assert.False(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.Equal(3, cache.Size);
    }

    [Fact]
    public void ReplacingAKeyWithAValueLargerThanTheCapacityForgetsTheOlderValue()
    {
        var cache = new LruCache<string, string>(4, v => v.Length);
        cache.Set("a", "1");
        cache.Set("b", "22");

        cache.Set("b", "55555");

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out _));
        Assert.Equal(1, cache.Size);
    }

    [Fact]
    public async Task ConcurrentUseKeepsTheBoundAndReturnsOnlyValuesSetForTheKey()
    {
        const int Capacity = 64;
        var cache = new LruCache<int, string>(Capacity, v => v.Length);
        var written = new ConcurrentDictionary<(int Key, string Value), bool>();
        var failures = new ConcurrentQueue<string>();

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 20_000; i++)
            {
                var key = random.Next(16);
                switch (random.Next(10))
                {
                    case < 5:
                        var value = $"{key}:{worker}:{i}".PadRight(random.Next(4, 20), '.');
                        written[(key, value)] = true;
                        cache.Set(key, value);
                        break;
                    case < 9:
                        if (cache.TryGet(key, out var got) && !written.ContainsKey((key, got)))
                        {
                            failures.Enqueue($"key {key} returned '{got}', never set for it");
                        }

                        break;
                    default:
                        if (cache.Size > Capacity)
                        {
                            failures.Enqueue($"size {cache.Size} over the capacity {Capacity}");
                        }

                        break;
                }
            }
        })).ToArray();

        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.InRange(cache.Size, 0, Capacity);
        var total = 0L;
        for (var key = 0; key < 16; key++)
        {
            if (cache.TryGet(key, out var value))
            {
                Assert.True(written.ContainsKey((key, value)));
                total += value.Length;
            }
        }

        Assert.Equal(cache.Size, total);
    }

    /// <summary>The reference: a list, most recently used first, and the same size rules as the cache.</summary>
    private sealed class Model(long capacity)
    {
        private readonly List<(int Key, string Value)> _entries = [];

        public long Size => _entries.Sum(e => (long)e.Value.Length);

        public int Count => _entries.Count;

        public void Set(int key, string value)
        {
            // A value larger than the whole capacity is not cached, and the key's older value goes with it.
            _entries.RemoveAll(e => e.Key == key);
            if (value.Length > capacity)
            {
                return;
            }

            _entries.Insert(0, (key, value));
            while (Size > capacity)
            {
                _entries.RemoveAt(_entries.Count - 1);
            }
        }

        public string? TryGet(int key)
        {
            var index = _entries.FindIndex(e => e.Key == key);
            if (index < 0)
            {
                return null;
            }

            var entry = _entries[index];
            _entries.RemoveAt(index);
            _entries.Insert(0, entry);
            return entry.Value;
        }

        public void Clear() => _entries.Clear();

        public IEnumerable<int> KeysLeastRecentFirst() => _entries.Select(e => e.Key).Reverse().ToList();
    }
}
