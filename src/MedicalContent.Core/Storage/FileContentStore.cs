using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MedicalContent.Model;
using MedicalContent.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedicalContent.Storage;

/// <summary>
/// The embedded default: serves a <see cref="ContentFolder"/> straight from disk. Its index ETag is a fingerprint
/// of file names, sizes and modification times, so an unchanged folder is re-checked without reading a file.
/// </summary>
/// <remarks>
/// Validation is lazy (decision 0012): loading the index reads each version file once for its index entry and runs the
/// folder's cross-file checks, but a version's schema and rules are checked on its first read. A version that fails
/// them throws <see cref="InvalidContentException"/> with the problems a full <see cref="ContentFolder.Load(string)"/>
/// reports for it, is never returned, and from then on every re-check of the index throws those problems too (as an
/// invalid folder does), so health reports them until the file is fixed.
/// </remarks>
public sealed partial class FileContentStore : IContentStore
{
    private readonly string _root;
    private readonly ILogger _logger;
    private readonly Func<string, byte[]> _readFile;
    private volatile Dictionary<(string Slug, int Version), string>? _hashes;
    private volatile AudienceVocabulary? _vocabulary;

    /// <summary>Versions whose bytes (by SHA-256) passed validation on a read.</summary>
    private readonly ConcurrentDictionary<(string Slug, int Version, string Sha256), bool> _validated = new();

    /// <summary>Versions whose bytes (by SHA-256) failed validation on a read, with what is wrong with them.</summary>
    private readonly ConcurrentDictionary<(string Slug, int Version), (string Sha256, IReadOnlyList<ValidationProblem> Problems)> _invalid = new();

    public FileContentStore(string root, ILogger<FileContentStore>? logger = null)
        : this(root, logger, File.ReadAllBytes)
    {
    }

    /// <param name="readFile">Reads a whole file: the seam through which tests count what is read.</param>
    internal FileContentStore(string root, ILogger<FileContentStore>? logger, Func<string, byte[]> readFile)
    {
        _root = Path.GetFullPath(root);
        _logger = logger ?? NullLogger<FileContentStore>.Instance;
        _readFile = readFile;
    }

    /// <summary>What the versions read so far that failed validation are found to have wrong, in file order.</summary>
    public IReadOnlyList<ValidationProblem> ProblemsFoundOnRead =>
        [.. _invalid.OrderBy(p => p.Key.Slug, StringComparer.Ordinal).ThenBy(p => p.Key.Version).SelectMany(p => p.Value.Problems)];

    public string Description => $"file system ({_root})";

    public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint();
        if (fingerprint == knownETag)
        {
            ThrowIfFoundInvalid();
            return Task.FromResult<IndexSnapshot?>(null);
        }

        var load = ContentFolder.Load(_root, linksWithinFolder: true, ContentFolderReading.IndexOnly, _readFile);
        if (!load.IsValid)
        {
            throw new InvalidContentException(load.Problems);
        }

        var index = load.ToIndex();
        _vocabulary = index.Audiences;
        WarnAboutInPlaceEdits(index);

        // A version found invalid stays so while its bytes are the same; an edited one is validated afresh.
        foreach (var (key, (sha256, _)) in _invalid)
        {
            if (!_hashes!.TryGetValue(key, out var current) || current != sha256)
            {
                _invalid.TryRemove(key, out _);
            }
        }

        ThrowIfFoundInvalid();
        return Task.FromResult<IndexSnapshot?>(new IndexSnapshot(index, fingerprint));
    }

    /// <summary>The audience vocabulary when a version is read before the index (its problems are the index's to report).</summary>
    private AudienceVocabulary ReadVocabulary()
    {
        var path = Path.Combine(_root, ContentFolder.AudiencesFile);
        var (vocabulary, problems) = ArticleValidator.ValidateVocabulary(ContentFolder.AudiencesFile, File.Exists(path) ? _readFile(path) : []);
        return vocabulary ?? throw new InvalidContentException(problems);
    }

    private void ThrowIfFoundInvalid()
    {
        if (!_invalid.IsEmpty)
        {
            throw new InvalidContentException(ProblemsFoundOnRead);
        }
    }

    /// <summary>
    /// The first read of a version's bytes validates them as a full folder load would (the index is built without);
    /// what fails is recorded and thrown, never returned.
    /// </summary>
    private void ValidateOnFirstRead(string slug, int version, byte[] bytes)
    {
        var sha256 = ContentFolder.Sha256Hex(bytes);
        if (_validated.ContainsKey((slug, version, sha256)))
        {
            return;
        }

        var vocabulary = _vocabulary ?? ReadVocabulary();
        var (_, problems) = ArticleValidator.ValidateArticle(ContentFolder.VersionPath(slug, version), bytes, vocabulary, slug, version);
        if (problems.Count > 0)
        {
            _invalid[(slug, version)] = (sha256, problems);
            LogInvalidOnRead(_logger, slug, version, problems.Count, string.Join("; ", problems.Take(5)));
            throw new InvalidContentException(problems);
        }

        _validated.TryAdd((slug, version, sha256), true);
    }

    /// <summary>A version file whose bytes changed since the last load was edited in place: it is served as edited, but warned about.</summary>
    private void WarnAboutInPlaceEdits(ContentIndex index)
    {
        var hashes = index.Articles
            .SelectMany(a => a.Versions.Select(v => (Key: (a.Slug, v.Number), v.Sha256)))
            .ToDictionary(x => x.Key, x => x.Sha256);
        var previous = Interlocked.Exchange(ref _hashes, hashes);
        foreach (var ((slug, version), sha256) in hashes)
        {
            if (previous is not null && previous.TryGetValue((slug, version), out var before) && before != sha256)
            {
                LogEditedInPlace(_logger, slug, version, before, sha256, ContentFolder.VersionPath(slug, version));
            }
        }
    }

    public async Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken)
    {
        // Slugs are validated before they reach a store; the check below keeps even a bad caller inside the root.
        if (slug.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new ContentNotFoundException($"'{slug}' is not an article in the content folder.");
        }

        var path = Path.GetFullPath(Path.Combine(_root, ContentFolder.VersionPath(slug, version)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            throw new ContentNotFoundException($"Version {version} of '{slug}' is not in the content folder.");
        }

        // Validated as the file it is (a caller's odd but contained path names the same file as its canonical one).
        var parts = Path.GetRelativePath(_root, path).Split(Path.DirectorySeparatorChar);
        if (parts.Length != 3 || parts[0] != ContentFolder.ArticlesFolder || parts[2] != $"v{version.ToString(CultureInfo.InvariantCulture)}.json")
        {
            throw new ContentNotFoundException($"Version {version} of '{slug}' is not in the content folder.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        ValidateOnFirstRead(parts[1], version, bytes);
        return bytes;
    }

    private string Fingerprint()
    {
        if (!Directory.Exists(_root))
        {
            return "missing";
        }

        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of '{Slug}' is not a valid article ({ProblemCount} problem(s): {Problems}); it is not served, and the content folder is invalid until it is fixed")]
    private static partial void LogInvalidOnRead(ILogger logger, string slug, int version, int problemCount, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version {Version} of '{Slug}' ({File}) was edited in place (SHA-256 {PreviousSha256} -> {Sha256}); it is served as edited, but published versions are immutable: publish the change as a new version")]
    private static partial void LogEditedInPlace(ILogger logger, string slug, int version, string previousSha256, string sha256, string file);
}
