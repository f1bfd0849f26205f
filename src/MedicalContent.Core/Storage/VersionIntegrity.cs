using MedicalContent.Model;
using MedicalContent.Validation;

namespace MedicalContent.Storage;

/// <summary>
/// Checks the bytes a store returned for a version before anything is rendered from them: they must hash to the
/// SHA-256 the index records and validate as the article the index says they are. The same checks as publishing.
/// </summary>
public static class VersionIntegrity
{
    public static VersionCheck Check(string slug, VersionEntry entry, ReadOnlySpan<byte> bytes, AudienceVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var actual = ContentFolder.Sha256Hex(bytes);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return new VersionCheck(null, actual, []);
        }

        var (document, problems) = ArticleValidator.ValidateArticle(ContentFolder.VersionPath(slug, entry.Number), bytes, vocabulary, slug, entry.Number);
        return new VersionCheck(document, actual, problems);
    }
}

/// <summary>What <see cref="VersionIntegrity.Check"/> found: the document when the bytes are intact and valid.</summary>
public sealed record VersionCheck(ArticleDocument? Document, string ActualSha256, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>The bytes are not the ones the index records (corrupted, or edited in place).</summary>
    public bool HashMismatch => Document is null && Problems.Count == 0;
}
