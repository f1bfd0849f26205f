using System.Security.Cryptography;
using System.Text;

namespace MedicalContent.Storage;

/// <summary>
/// The embedded default: serves a <see cref="ContentFolder"/> straight from disk. Its index ETag is a fingerprint
/// of file names, sizes and modification times, so an unchanged folder is re-checked without reading a file.
/// </summary>
public sealed class FileContentStore : IContentStore
{
    private readonly string _root;

    public FileContentStore(string root)
    {
        _root = Path.GetFullPath(root);
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

        return Task.FromResult<IndexSnapshot?>(new IndexSnapshot(load.ToIndex(), fingerprint));
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
}
