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

/// <summary>The index as read, with the store's validator for conditional re-reads.</summary>
public sealed record IndexSnapshot(ContentIndex Index, string ETag);

public sealed class ContentNotFoundException(string message) : Exception(message);

/// <summary>The store holds content that does not validate; nothing from it is served.</summary>
public sealed class InvalidContentException(IReadOnlyList<ValidationProblem> problems)
    : Exception($"The content is invalid ({problems.Count} problem(s)):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}

/// <summary>The store could not be read and there is nothing cached to answer with.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
