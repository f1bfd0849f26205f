using System.Security.Cryptography;
using System.Text;
using MedicalContent.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedicalContent.Storage;

/// <summary>
/// The embedded default: serves a <see cref="ContentFolder"/> straight from disk. Its index ETag is a fingerprint
/// of file names, sizes and modification times, so an unchanged folder is re-checked without reading a file.
/// </summary>
public sealed partial class FileContentStore : IContentStore
{
    private readonly string _root;
    private readonly ILogger _logger;
    private volatile Dictionary<(string Slug, int Version), string>? _hashes;

    public FileContentStore(string root, ILogger<FileContentStore>? logger = null)
    {
        _root = Path.GetFullPath(root);
        _logger = logger ?? NullLogger<FileContentStore>.Instance;
    }

    public string Description => $"file system ({_root})";

    public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint();
        if (fingerprint == knownETag)
        {
            return Task.FromResult<IndexSnapshot?>(null);
        }

        var load = ContentFolder.Load(_root);
        if (!load.IsValid)
        {
            throw new InvalidContentException(load.Problems);
        }

        var index = load.ToIndex();
        WarnAboutInPlaceEdits(index);
        return Task.FromResult<IndexSnapshot?>(new IndexSnapshot(index, fingerprint));
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

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version {Version} of '{Slug}' ({File}) was edited in place (SHA-256 {PreviousSha256} -> {Sha256}); it is served as edited, but published versions are immutable: publish the change as a new version")]
    private static partial void LogEditedInPlace(ILogger logger, string slug, int version, string previousSha256, string sha256, string file);
}
