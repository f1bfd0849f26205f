using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MedicalContent.Model;
using MedicalContent.Storage;
using MedicalContent.Validation;
using Polly;

namespace MedicalContent.Publishing;

/// <summary>
/// Publishes a content folder to a blob container: validates everything, uploads only new version blobs (each
/// created only if absent, never overwritten), then writes the index last with optimistic concurrency. Until that
/// last write succeeds, readers see the previous index, which only names blobs that were already complete.
/// </summary>
public sealed class Publisher
{
    private const string Sha256Metadata = "sha256";

    /// <summary>Up to this many articles in a folder, their version blobs are listed article by article.</summary>
    private const int MaxListedArticles = 64;

    private readonly BlobContainerClient _container;
    private ResiliencePipeline? _indexRetries;

    public Publisher(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <summary>Runs after the version blobs are uploaded, just before each conditional index write (a test seam).</summary>
    public Func<CancellationToken, Task>? BeforeIndexWrite { get; init; }

    /// <summary>The clock that stamps publish times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Runs after planning, just before the uploads (a test seam: another publisher getting there first).</summary>
    internal Func<CancellationToken, Task>? BeforeUploads { get; init; }

    public int MaxIndexAttempts { get; init; } = IndexUpdater.DefaultMaxAttempts;

    /// <summary>Lost index races retried with backoff on <see cref="Time"/>; built on first use, after the init properties.</summary>
    private ResiliencePipeline IndexRetries => _indexRetries ??= StoreResilience.ForIndexUpdates(MaxIndexAttempts, Time);

    public int MaxParallelUploads { get; init; } = 4;

    /// <summary>Validates the folder and compares it with the store; changes nothing (this is the dry run).</summary>
    public async Task<PublishPlan> PlanAsync(string folder, CancellationToken cancellationToken)
    {
        // Related articles may be published already: they are checked against the store's index as well, below.
        var load = ContentFolder.Load(folder, linksWithinFolder: false);
        if (!load.IsValid)
        {
            return Refused(load);
        }

        var current = await BlobContentStore.ReadCurrentIndexAsync(_container, cancellationToken).ConfigureAwait(false);
        var missing = MissingRelated(load, current);
        if (missing.Count > 0)
        {
            return Refused(load with { Problems = missing });
        }

        var stored = await ListVersionBlobsAsync(load.Versions.Select(v => v.Document.Slug).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var indexed = (current?.Index.Articles ?? [])
            .SelectMany(a => a.Versions.Select(v => (Name: ContentFolder.VersionPath(a.Slug, v.Number), v.Sha256)))
            .ToDictionary(x => x.Name, x => x.Sha256, StringComparer.Ordinal);

        var planned = new List<PlannedVersion>();
        var unchanged = new List<PlannedVersion>();
        var conflicts = new List<ValidationProblem>();
        foreach (var version in load.Versions)
        {
            var item = new PlannedVersion(ContentFolder.VersionPath(version.Document.Slug, version.Document.Version), version);
            var exists = stored.TryGetValue(item.BlobName, out var storedSha);
            var publishedSha = indexed.GetValueOrDefault(item.BlobName)
                ?? (exists ? storedSha ?? await HashBlobAsync(item.BlobName, cancellationToken).ConfigureAwait(false) : null);
            if (publishedSha is null || (publishedSha == version.Sha256 && !exists))
            {
                // New, or indexed but its blob is gone: (re)create it.
                planned.Add(item);
            }
            else if (publishedSha == version.Sha256)
            {
                unchanged.Add(item);
            }
            else
            {
                var taken = indexed.Keys.Concat(stored.Keys).Concat(load.Versions.Select(v => v.File));
                conflicts.Add(IndexMerge.Conflict(version, NextFreeVersion(item.Slug, taken)));
            }
        }

        conflicts.AddRange(VocabularyProblems(load, current));
        var changes = conflicts.Count == 0 && !IndexMerge.Same(IndexMerge.Merge(current?.Index, load.Vocabulary!, load.Syndication!, load.Versions, Time.GetUtcNow()), current?.Index);
        return new PublishPlan
        {
            Folder = load,
            New = planned,
            Unchanged = unchanged,
            Conflicts = conflicts,
            Unindexed = [.. planned.Concat(unchanged).Where(v => !indexed.ContainsKey(v.BlobName)).OrderBy(v => v.BlobName, StringComparer.Ordinal)],
            VocabularyChanges = current is null || !IndexMerge.SameVocabulary(current.Index.Audiences, load.Vocabulary!),
            CurrentIndex = current,
            IndexChanges = changes,
        };
    }

    /// <summary>Plans, then (when the plan holds no problem) uploads the new versions and writes the index.</summary>
    public async Task<PublishResult> PublishAsync(string folder, IProgress<PublishProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(folder, cancellationToken).ConfigureAwait(false);
        if (!plan.CanApply || plan.IsNoOp)
        {
            return new PublishResult(plan, 0, 0, false, 0);
        }

        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (BeforeUploads is not null)
        {
            await BeforeUploads(cancellationToken).ConfigureAwait(false);
        }

        var (uploaded, present) = await UploadAsync(plan.New, progress, cancellationToken).ConfigureAwait(false);

        var vocabulary = plan.Folder.Vocabulary!;
        var syndication = plan.Folder.Syndication!;
        var versions = plan.Folder.Versions;
        var update = await IndexUpdater.UpdateAsync(
            _container,
            current =>
            {
                var merged = IndexMerge.Merge(current, vocabulary, syndication, versions, Time.GetUtcNow().ToWholeSeconds());
                return IndexMerge.Same(merged, current) ? null : merged;
            },
            BeforeIndexWrite,
            IndexRetries,
            cancellationToken,
            known: plan.CurrentIndex).ConfigureAwait(false);
        return new PublishResult(plan, uploaded, present, update.Written, update.Attempts);
    }

    private async Task<(int Uploaded, int Present)> UploadAsync(IReadOnlyList<PlannedVersion> versions, IProgress<PublishProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        var present = 0;
        var gate = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelUploads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(versions, options, async (item, token) =>
        {
            var created = await CreateVersionBlobAsync(item, token).ConfigureAwait(false);
            lock (gate)
            {
                done++;
                present += created ? 0 : 1;
                progress?.Report(new PublishProgress(done, versions.Count, item.BlobName));
            }
        }).ConfigureAwait(false);
        return (done - present, present);
    }

    /// <summary>Creates the blob only if it does not exist; false when an identical one got there first.</summary>
    private async Task<bool> CreateVersionBlobAsync(PlannedVersion item, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = BlobContentStore.JsonContentType },
            Metadata = new Dictionary<string, string> { [Sha256Metadata] = item.Version.Sha256 },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await _container.GetBlobClient(item.BlobName).UploadAsync(BinaryData.FromBytes(item.Version.Bytes), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another publisher created it since we planned: fine if it holds the same bytes, a conflict otherwise.
            if (await HashBlobAsync(item.BlobName, cancellationToken).ConfigureAwait(false) == item.Version.Sha256)
            {
                return false;
            }

            throw new VersionConflictException(IndexMerge.Conflict(item.Version, item.Number + 1));
        }
    }

    /// <summary>
    /// The name of every version blob of <paramref name="slugs"/> and the SHA-256 recorded when it was uploaded (null if
    /// it has none). A folder of a few articles lists only their prefixes, so publishing one costs the same whatever
    /// the size of the store; a large folder lists every version blob at once.
    /// </summary>
    private async Task<Dictionary<string, string?>> ListVersionBlobsAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken)
    {
        var blobs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var prefixes = slugs.Count <= MaxListedArticles
            ? slugs.Select(slug => $"{ContentFolder.ArticlesFolder}/{slug}/")
            : [ContentFolder.ArticlesFolder + "/"];
        try
        {
            foreach (var prefix in prefixes)
            {
                var pages = _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken);
                await foreach (var blob in pages.ConfigureAwait(false))
                {
                    blobs[blob.Name] = blob.Metadata.TryGetValue(Sha256Metadata, out var sha) ? sha : null;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: nothing is published.
        }

        return blobs;
    }

    private async Task<string> HashBlobAsync(string name, CancellationToken cancellationToken)
    {
        var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return ContentFolder.Sha256Hex(content.Value.Content.ToMemory().Span);
    }

    /// <summary>A plan that changes nothing, for a folder with problems.</summary>
    private static PublishPlan Refused(ContentFolderLoad load) => new()
    {
        Folder = load, New = [], Unchanged = [], Conflicts = [], Unindexed = [], VocabularyChanges = false, CurrentIndex = null, IndexChanges = false,
    };

    /// <summary>
    /// The articles a version about to be indexed links to must be readable once the publish is done: published and
    /// not retracted in the store, or new in the folder being published. Versions the index already lists were
    /// checked when they were published (and can no longer change).
    /// </summary>
    private static List<ValidationProblem> MissingRelated(ContentFolderLoad load, IndexSnapshot? current)
    {
        var articles = current?.Index.Articles ?? [];
        var indexed = articles.SelectMany(a => a.Versions.Select(v => (a.Slug, v.Number))).ToHashSet();
        var unindexed = load.Versions.Where(v => !indexed.Contains((v.Document.Slug, v.Document.Version))).ToList();
        var live = articles
            .Where(a => a.Versions.Any(v => v.Retraction is null))
            .Select(a => a.Slug)
            .Concat(unindexed.Select(v => v.Document.Slug))
            .ToHashSet(StringComparer.Ordinal);
        return unindexed
            .SelectMany(v => RelatedArticles.Missing(v.File, v.Document, live.Contains, "in the store or in the folder being published"))
            .ToList();
    }

    /// <summary>Published versions kept from the index must still find their audiences in the new vocabulary.</summary>
    private static IEnumerable<ValidationProblem> VocabularyProblems(ContentFolderLoad load, IndexSnapshot? current)
    {
        var ids = load.Vocabulary!.Audiences.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        return (current?.Index.Articles ?? [])
            .SelectMany(a => a.Versions.Select(v => (a.Slug, Version: v)))
            .SelectMany(x => x.Version.Audiences.Where(id => !ids.Contains(id)).Select(id => (x.Slug, x.Version.Number, Id: id)))
            .Select(x => new ValidationProblem(
                ContentFolder.AudiencesFile,
                "/audiences",
                $"audience '{x.Id}' is missing, but published version {x.Number} of '{x.Slug}' is written for it: keep the audience in the vocabulary"));
    }

    /// <summary>The version number an edit of a published version should take: one past any known for the article.</summary>
    private static int NextFreeVersion(string slug, IEnumerable<string> versionPaths)
    {
        var prefix = $"{ContentFolder.ArticlesFolder}/{slug}/v";
        return 1 + versionPaths
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.EndsWith(".json", StringComparison.Ordinal))
            .Select(p => int.TryParse(p.AsSpan(prefix.Length, p.Length - prefix.Length - ".json".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
    }
}
