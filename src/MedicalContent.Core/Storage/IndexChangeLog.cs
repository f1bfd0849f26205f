using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MedicalContent.Model;
using MedicalContent.Serialization;

namespace MedicalContent.Storage;

/// <summary>
/// The index's change log in a blob container (docs/decisions/0013-index-change-log.md). Every index write by the
/// publisher or the retractor first creates <c>changes/{log}/{number}.json</c> (create-only, so one writer wins each
/// number) holding the delta from the index it read, then writes <c>index.json</c> conditionally on that index's ETag
/// with the position in its metadata. <c>index.json</c> stays the commit point: a reader applies only the changes up
/// to the position the index names, so it never sees a change the index does not yet hold. An index written without
/// a position (an older publisher) ends the log: the next writer starts a new one, and readers read the whole index.
/// </summary>
internal static class IndexChangeLog
{
    public const string Folder = "changes";

    /// <summary>Index blob metadata: the log's id and the number of the last change the index holds.</summary>
    public const string LogMetadata = "changelog";

    public const string NumberMetadata = "changenumber";

    /// <summary>A reader further behind than this many changes reads the whole index instead.</summary>
    public const int MaxChangesRead = 64;

    /// <summary>Changes kept: the writer of change n deletes change n - Kept (a reader that needs it reads the whole index).</summary>
    public const int Kept = 1024;

    public static string BlobName(string log, long number) =>
        $"{Folder}/{log}/{number.ToString("D12", CultureInfo.InvariantCulture)}.json";

    public static string NewLog() => Guid.NewGuid().ToString("N")[..16];

    public static IndexLogPosition? Position(IDictionary<string, string>? metadata) =>
        metadata is not null
        && metadata.TryGetValue(LogMetadata, out var log)
        && metadata.TryGetValue(NumberMetadata, out var number)
        && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        && !string.IsNullOrEmpty(log)
            ? new IndexLogPosition(log, n)
            : null;

    public static Dictionary<string, string> Metadata(IndexLogPosition position) => new()
    {
        [LogMetadata] = position.Log,
        [NumberMetadata] = position.Number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Creates change <paramref name="number"/> of <paramref name="log"/>; false when it exists already.</summary>
    public static async Task<bool> TryCreateAsync(BlobContainerClient container, string log, long number, IndexChange change, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = BlobContentStore.JsonContentType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(change, CoreJsonContext.Default.IndexChange);
            await container.GetBlobClient(BlobName(log, number)).UploadAsync(BinaryData.FromBytes(bytes), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Change <paramref name="number"/> of <paramref name="log"/>, or null when it is not there (not yet, or deleted) or unreadable.</summary>
    public static async Task<IndexChange?> ReadAsync(BlobContainerClient container, string log, long number, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.GetBlobClient(BlobName(log, number)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(response.Value.Content.ToMemory().Span, CoreJsonContext.Default.IndexChange);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Deletes change <paramref name="number"/> of <paramref name="log"/> if it is there; a failure is left for a later writer.</summary>
    public static async Task ForgetAsync(BlobContainerClient container, string log, long number, CancellationToken cancellationToken)
    {
        if (number < 1)
        {
            return;
        }

        try
        {
            await container.GetBlobClient(BlobName(log, number)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Only storage: readers never need an old change (they read the whole index when one is missing).
        }
    }
}
