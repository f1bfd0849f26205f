using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MedicalContent.Model;
using MedicalContent.Serialization;
using MedicalContent.Validation;

namespace MedicalContent.Storage;

/// <summary>
/// Serves content published to an Azure Blob Storage container. Layout: <c>index.json</c> (the
/// <see cref="ContentIndex"/>: which versions exist, their hashes and retractions) and the immutable
/// <c>articles/{slug}/v{n}.json</c> version blobs. The publisher writes the index last, so a reader that goes
/// through the index only ever sees versions that are completely uploaded. The index's change log
/// (<see cref="IndexChangeLog"/>, <c>changes/</c>) lets an instance that holds an index read only what changed since.
/// </summary>
public sealed class BlobContentStore : IContentStore, IIndexChangeReader
{
    public const string IndexBlobName = "index.json";
    public const string JsonContentType = "application/json";

    private readonly BlobContainerClient _container;

    public BlobContentStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    public string Description => Describe(_container);

    /// <summary>
    /// A client for the container: the account URL signed in with <paramref name="credential"/> (the app's managed
    /// identity, <see cref="AppCredential"/>; the CLI's developer chain); the connection string only for the local
    /// emulator, and it wins when both are given.
    /// </summary>
    /// <param name="sdkRetries">
    /// Retries inside the Azure SDK. The API passes 0: its own policy (<see cref="ResilientContentStore"/>) bounds
    /// every call with a deadline and budget, and retries must not multiply.
    /// </param>
    public static BlobContainerClient CreateContainerClient(
        Uri? blobServiceUri, string? connectionString, string containerName, TokenCredential? credential, int sdkRetries = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        BlobServiceClient service;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            service = new BlobServiceClient(connectionString, ClientOptions(sdkRetries));
        }
        else if (blobServiceUri is not null)
        {
            service = new BlobServiceClient(
                blobServiceUri,
                credential ?? throw new ArgumentNullException(nameof(credential), "A blob service URL is signed in to with a credential."),
                ClientOptions(sdkRetries));
        }
        else
        {
            throw new ArgumentException("A blob service URL (or, for the emulator only, a connection string) is required.", nameof(blobServiceUri));
        }

        return service.GetBlobContainerClient(containerName);
    }

    // The storage default (5 retries from 0.8 s, 100 s per try) spends about 25 s on an unreachable endpoint; the
    // API must start within the Functions host's 30 s and serves its cached snapshot meanwhile, and the CLI says so sooner.
    private static BlobClientOptions ClientOptions(int retries)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = retries;
        options.Retry.Delay = TimeSpan.FromSeconds(0.5);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        return options;
    }

    /// <summary>Names the account endpoint and container only: never a key, SAS or connection string.</summary>
    public static string Describe(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return $"blob container '{container.Name}' in account '{container.AccountName}' ({container.Uri.Scheme}://{container.Uri.Authority})";
    }

    public async Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
    {
        var conditions = knownETag is null ? null : new BlobRequestConditions { IfNoneMatch = new ETag(knownETag) };
        Response<BlobDownloadResult>? response;
        try
        {
            response = await DownloadIndexAsync(_container, conditions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 304)
        {
            return null;
        }

        if (response is null)
        {
            throw new StoreUnavailableException(
                "Nothing has been published to the content store yet: run the publish command (medcontent publish <folder>).");
        }

        // The SDK hands a 304 back as a response without a body (older versions threw it).
        return response.GetRawResponse().Status == 304 ? null : Parse(_container, response.Value);
    }

    public bool ReadsChanges => true;

    public async Task<IndexSnapshot?> ReadIndexUpdateAsync(IndexSnapshot? known, CancellationToken cancellationToken)
    {
        if (known?.Log is not { } log)
        {
            return await ReadIndexAsync(known?.ETag, cancellationToken).ConfigureAwait(false);
        }

        // The index's properties (no body) say whether it changed and how far its change log goes.
        BlobProperties properties;
        try
        {
            properties = (await _container.GetBlobClient(IndexBlobName).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await ReadIndexAsync(known.ETag, cancellationToken).ConfigureAwait(false);
        }

        var etag = properties.ETag.ToString();
        if (etag == known.ETag)
        {
            return null;
        }

        if (IndexChangeLog.Position(properties.Metadata) is { } now
            && now.Log == log.Log && now.Number > log.Number && now.Number - log.Number <= IndexChangeLog.MaxChangesRead)
        {
            var index = known.Index;
            var slugs = new HashSet<string>(StringComparer.Ordinal);
            var complete = true;
            for (var number = log.Number + 1; number <= now.Number && complete; number++)
            {
                var change = await IndexChangeLog.ReadAsync(_container, log.Log, number, cancellationToken).ConfigureAwait(false);
                complete = change is not null && (number != log.Number + 1 || change.Base == known.ETag);
                if (complete)
                {
                    index = change!.ApplyTo(index);
                    slugs.UnionWith(change.Slugs);
                }
            }

            if (complete)
            {
                return new IndexSnapshot(index, etag) { Log = now, ChangedSlugs = slugs };
            }
        }

        // Another log, too far behind, or a change no longer kept: the whole index.
        return await ReadIndexAsync(known.ETag, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken)
    {
        var name = ContentFolder.VersionPath(slug, version);
        try
        {
            var response = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new ContentNotFoundException($"Version {version} of '{slug}' is not in {Description} ({name}).");
        }
    }

    /// <summary>
    /// The index and its ETag, or null when no index (or no container) exists yet. Given the index last read
    /// (<paramref name="known"/>), the read is conditional: when it is still current it comes back without a download.
    /// </summary>
    internal static async Task<IndexSnapshot?> ReadCurrentIndexAsync(BlobContainerClient container, CancellationToken cancellationToken, IndexSnapshot? known = null)
    {
        var conditions = known is null ? null : new BlobRequestConditions { IfNoneMatch = new ETag(known.ETag) };
        Response<BlobDownloadResult>? response;
        try
        {
            response = await DownloadIndexAsync(container, conditions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 304 && known is not null)
        {
            return known;
        }

        if (response is null)
        {
            return null;
        }

        return known is not null && response.GetRawResponse().Status == 304 ? known : Parse(container, response.Value);
    }

    private static async Task<Response<BlobDownloadResult>?> DownloadIndexAsync(BlobContainerClient container, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        try
        {
            return await container.GetBlobClient(IndexBlobName)
                .DownloadContentAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static IndexSnapshot Parse(BlobContainerClient container, BlobDownloadResult result)
    {
        ContentIndex? index;
        try
        {
            index = JsonSerializer.Deserialize(result.Content.ToMemory().Span, CoreJsonContext.Default.ContentIndex);
        }
        catch (JsonException e)
        {
            throw new InvalidContentException([new ValidationProblem(IndexBlobName, "", $"the index in {Describe(container)} cannot be read: {e.Message}")]);
        }

        return index is null
            ? throw new InvalidContentException([new ValidationProblem(IndexBlobName, "", $"the index in {Describe(container)} is empty (null)")])
            : new IndexSnapshot(index, result.Details.ETag.ToString()) { Log = IndexChangeLog.Position(result.Details.Metadata) };
    }

    /// <summary>
    /// Writes the index only if it is still the one read (<paramref name="expectedETag"/>), or only if there is none
    /// yet when that is null. A lost race throws <see cref="RequestFailedException"/> with status 412 or 409.
    /// <paramref name="log"/> is the change-log position the index is at (null: it is in no log).
    /// </summary>
    internal static async Task<string> WriteIndexAsync(
        BlobContainerClient container, ContentIndex index, string? expectedETag, CancellationToken cancellationToken, IndexLogPosition? log = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, CoreJsonContext.Default.ContentIndex);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = JsonContentType },
            Metadata = log is null ? null : IndexChangeLog.Metadata(log),
            Conditions = expectedETag is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(expectedETag) },
        };
        var response = await container.GetBlobClient(IndexBlobName)
            .UploadAsync(BinaryData.FromBytes(bytes), options, cancellationToken)
            .ConfigureAwait(false);
        return response.Value.ETag.ToString();
    }
}
