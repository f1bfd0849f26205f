using MedicalContent.Model;
using MedicalContent.Validation;

namespace MedicalContent.Storage;

/// <summary>
/// Where published content lives. The index is small and changes on every publish, so it is read conditionally
/// on its ETag; version documents are immutable, so they are read once and cached.
/// </summary>
public interface IContentStore
{
    /// <summary>A human description for logs and health output (never a credential).</summary>
    string Description { get; }

    /// <summary>The current index, or null when its ETag still equals <paramref name="knownETag"/>.</summary>
    Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken);

    /// <summary>The bytes of one published version document.</summary>
    /// <exception cref="ContentNotFoundException">The version does not exist in the store.</exception>
    Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken);
}

/// <summary>
/// A store that keeps a change log of its index (<see cref="BlobContentStore"/>): an instance that holds an index
/// reads only the changes since it and applies them, so picking up a publish costs the change, not the corpus.
/// </summary>
public interface IIndexChangeReader
{
    /// <summary>Whether <see cref="ReadIndexUpdateAsync"/> reads changes (a wrapper answers for the store it wraps).</summary>
    bool ReadsChanges { get; }

    /// <summary>
    /// The current index given the one last read (<paramref name="known"/>), or null when it has not changed: the logged
    /// changes since <paramref name="known"/> applied to it, or the whole index when the log cannot bridge the gap.
    /// </summary>
    Task<IndexSnapshot?> ReadIndexUpdateAsync(IndexSnapshot? known, CancellationToken cancellationToken);
}

/// <summary>The index as read, with the store's validator for conditional re-reads.</summary>
public sealed record IndexSnapshot(ContentIndex Index, string ETag)
{
    /// <summary>Where this index stands in the store's change log; null when the store keeps none for it.</summary>
    public IndexLogPosition? Log { get; init; }

    /// <summary>When this index was read by applying logged changes: the slugs they touched (null after a whole read).</summary>
    public IReadOnlyCollection<string>? ChangedSlugs { get; init; }
}

/// <summary>
/// A position in an index change log: the log's id (a new log starts whenever the index is written without one) and
/// the number of the last change the index includes.
/// </summary>
public sealed record IndexLogPosition(string Log, long Number);

public sealed class ContentNotFoundException(string message) : Exception(message);

/// <summary>The store holds content that does not validate; nothing from it is served.</summary>
public sealed class InvalidContentException(IReadOnlyList<ValidationProblem> problems)
    : Exception($"The content is invalid ({problems.Count} problem(s)):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}

/// <summary>The store could not be read and there is nothing cached to answer with.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
