using Azure.Storage.Blobs;
using MedicalContent.Publishing;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using NSubstitute;

namespace MedicalContent.Tests.Publishing;

[Integration]
[Collection(UsesAzurite.Name)]
public sealed class PublisherTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PublishingToAnEmptyContainerUploadsEveryVersionWithItsExactBytesAndIndexesThem()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();

        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        var expected = ContentFolder.Load(folder.Path).Versions;
        Assert.True(result.Succeeded);
        Assert.Equal(expected.Count, result.Uploaded);
        Assert.True(result.IndexWritten);
        var index = await BlobTestContent.IndexAsync(container);
        Assert.Equal(expected.Select(v => v.File).Order(StringComparer.Ordinal), BlobTestContent.VersionNames(index).Order(StringComparer.Ordinal));
        foreach (var version in expected)
        {
            var blob = await container.GetBlobClient(version.File).DownloadContentAsync();
            Assert.Equal(version.Bytes, blob.Value.Content.ToArray());
            Assert.Equal("application/json", blob.Value.Details.ContentType);
            var entry = index.Articles.Single(a => a.Slug == version.Document.Slug).Versions.Single(v => v.Number == version.Document.Version);
            Assert.Equal(version.Sha256, entry.Sha256);
        }

        var indexBlob = await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync();
        Assert.Equal("application/json", indexBlob.Value.ContentType);
    }

    [Fact]
    public async Task InvalidContentUploadsNothingAndReportsEveryProblem()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        BlobTestContent.Break(folder);

        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Plan.Problems, p => p.File == "articles/metformin/v1.json");
        Assert.Contains(result.Plan.Problems, p => p.File == "articles/prediabetes/v2.json" && p.Pointer == "/summary" && p.Message.Contains("no-such-reference", StringComparison.Ordinal));
        Assert.Empty(await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task RepublishingTheSameFolderUploadsNothing()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var publisher = new Publisher(container);
        await publisher.PublishAsync(folder.Path, null, CancellationToken.None);
        var before = await ETagsAsync(container);

        var again = await publisher.PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.True(again.Plan.IsNoOp);
        Assert.Equal(0, again.Uploaded);
        Assert.False(again.IndexWritten);
        Assert.Equal(before, await ETagsAsync(container));
    }

    [Fact]
    public async Task ANewVersionIsTheOnlyBlobUploadedAndTheIndexListsIt()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var publisher = new Publisher(container);
        await publisher.PublishAsync(folder.Path, null, CancellationToken.None);
        var before = await ETagsAsync(container);
        var added = BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);

        var result = await publisher.PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.Equal([added], result.Plan.New.Select(v => v.BlobName));
        Assert.Equal(1, result.Uploaded);
        Assert.True(result.IndexWritten);
        Assert.Contains(added, BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)));
        var after = await ETagsAsync(container);
        Assert.All(before.Where(b => b.Key != BlobContentStore.IndexBlobName), b => Assert.Equal(b.Value, after[b.Key]));
    }

    [Fact]
    public async Task ChangedBytesUnderAPublishedVersionAreRefusedAndNothingIsUploaded()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var publisher = new Publisher(container);
        await publisher.PublishAsync(folder.Path, null, CancellationToken.None);
        var before = await ETagsAsync(container);
        var edited = BlobTestContent.Edit(folder, "prediabetes", 1);
        BlobTestContent.AddArticle(folder, "brand-new-article");

        var result = await publisher.PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.False(result.Succeeded);
        var conflict = Assert.Single(result.Plan.Conflicts);
        Assert.Equal(edited, conflict.File);
        Assert.Contains("v3.json", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ETagsAsync(container));
    }

    [Fact]
    public async Task AVersionUploadedButNotYetIndexedIsNeverOverwrittenEither()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        var added = BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        var interrupted = new Publisher(container) { BeforeIndexWrite = _ => throw new IOException("simulated crash") };
        await Assert.ThrowsAsync<IOException>(() => interrupted.PublishAsync(folder.Path, null, CancellationToken.None));
        BlobTestContent.Edit(folder, "prediabetes", 3);

        var result = await new Publisher(container).PlanAsync(folder.Path, CancellationToken.None);

        Assert.Equal(added, Assert.Single(result.Conflicts).File);
    }

    [Fact]
    public async Task APublishInterruptedBeforeTheIndexWriteLeavesThePreviousStateAndARerunCompletesIt()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        var store = new BlobContentStore(container);
        var previous = (await store.ReadIndexAsync(null, CancellationToken.None))!;
        var added = BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        var interrupted = new Publisher(container) { BeforeIndexWrite = _ => throw new IOException("simulated crash") };

        await Assert.ThrowsAsync<IOException>(() => interrupted.PublishAsync(folder.Path, null, CancellationToken.None));

        Assert.Contains(added, await BlobTestContent.BlobNamesAsync(container));
        Assert.Null(await store.ReadIndexAsync(previous.ETag, CancellationToken.None));
        Assert.DoesNotContain(added, BlobTestContent.VersionNames((await store.ReadIndexAsync(null, CancellationToken.None))!.Index));

        var rerun = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.Empty(rerun.Plan.New);
        Assert.Equal([added], rerun.Plan.Unindexed.Select(v => v.BlobName));
        Assert.Equal(0, rerun.Uploaded);
        Assert.True(rerun.IndexWritten);
        Assert.Contains(added, BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)));
    }

    [Fact]
    public async Task ALostIndexRaceIsRetriedOnAFreshReadAndKeepsBothPublishes()
    {
        var container = await azurite.CreateContainerAsync();
        using var baseline = new TempContentFolder();
        await new Publisher(container).PublishAsync(baseline.Path, null, CancellationToken.None);
        using var mine = new TempContentFolder();
        var myArticle = BlobTestContent.AddArticle(mine, "mine");
        using var theirs = new TempContentFolder();
        var theirArticle = BlobTestContent.AddArticle(theirs, "theirs");
        var raced = false;
        var publisher = new Publisher(container)
        {
            // Between our read of the index and our conditional write, another publisher writes it.
            BeforeIndexWrite = async token =>
            {
                if (!raced)
                {
                    raced = true;
                    await new Publisher(container).PublishAsync(theirs.Path, null, token);
                }
            },
        };

        var result = await publisher.PublishAsync(mine.Path, null, CancellationToken.None);

        Assert.True(result.IndexWritten);
        Assert.Equal(2, result.IndexAttempts);
        var names = BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)).ToList();
        Assert.Contains(myArticle, names);
        Assert.Contains(theirArticle, names);
    }

    [Fact]
    public async Task GivingUpOnLostIndexRacesSaysSoAndTheRaceWinnersIndexStands()
    {
        var container = await azurite.CreateContainerAsync();
        using var mine = new TempContentFolder();
        using var theirs = new TempContentFolder();
        var theirArticle = BlobTestContent.AddArticle(theirs, "theirs");
        var publisher = new Publisher(container)
        {
            MaxIndexAttempts = 1,
            BeforeIndexWrite = token => new Publisher(container).PublishAsync(theirs.Path, null, token),
        };

        var error = await Assert.ThrowsAsync<IndexConflictException>(() => publisher.PublishAsync(mine.Path, null, CancellationToken.None));

        Assert.Contains("run the command again", error.Message, StringComparison.Ordinal);
        Assert.Contains(theirArticle, BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)));
    }

    [Fact]
    public async Task ConcurrentPublishersOfDifferentNewVersionsLoseNothing()
    {
        const int Publishers = 4;
        var container = await azurite.CreateContainerAsync();
        using var baseline = new TempContentFolder();
        await new Publisher(container).PublishAsync(baseline.Path, null, CancellationToken.None);
        var folders = Enumerable.Range(1, Publishers).Select(_ => new TempContentFolder()).ToList();
        try
        {
            var added = folders.Select((f, i) => i == 0 ? BlobTestContent.AddVersion(f, "prediabetes", 2, 3) : BlobTestContent.AddArticle(f, $"concurrent-{i}")).ToList();
            await BlobTestContent.PublishRacingAsync(container, folders);

            var names = BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)).ToList();
            Assert.All(added, name => Assert.Contains(name, names));
            Assert.All(ContentFolder.Load(baseline.Path).Versions, v => Assert.Contains(v.File, names));
        }
        finally
        {
            folders.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task AVersionCreatedByAnotherPublisherWithTheSameBytesIsAcceptedAsItIs()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var publisher = new Publisher(container)
        {
            BeforeUploads = token => new Publisher(container).PublishAsync(folder.Path, null, token),
        };

        var result = await publisher.PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.Equal(0, result.Uploaded);
        Assert.Equal(result.Plan.New.Count, result.AlreadyPresent);
        Assert.Equal(result.Plan.New.Count, BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)).Count());
    }

    [Fact]
    public async Task AVersionCreatedByAnotherPublisherWithOtherBytesIsAConflictAndKeepsTheirBytes()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        using var theirs = new TempContentFolder();
        var added = BlobTestContent.AddVersion(theirs, "prediabetes", 2, 3);
        BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        BlobTestContent.Edit(folder, "prediabetes", 3);
        var publisher = new Publisher(container)
        {
            BeforeUploads = token => new Publisher(container).PublishAsync(theirs.Path, null, token),
        };

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => publisher.PublishAsync(folder.Path, null, CancellationToken.None));

        Assert.Equal(added, conflict.Problem.File);
        var stored = await container.GetBlobClient(added).DownloadContentAsync();
        Assert.Equal(File.ReadAllBytes(theirs.File(added)), stored.Value.Content.ToArray());
    }

    [Fact]
    public async Task VersionsNoLongerInTheFolderStayPublished()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        Directory.Delete(folder.File("articles/metformin"), recursive: true);
        BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);

        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        var names = BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)).ToList();
        Assert.Contains("articles/metformin/v1.json", names);
        Assert.Contains("articles/prediabetes/v3.json", names);
    }

    [Fact]
    public async Task TheFoldersAudienceVocabularyReplacesThePublishedOne()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        folder.Write(ContentFolder.AudiencesFile, folder.Read(ContentFolder.AudiencesFile).Replace("Patient or caregiver", "Patient, family or caregiver", StringComparison.Ordinal));

        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.True(result.Plan.VocabularyChanges);
        Assert.Equal(0, result.Uploaded);
        Assert.True(result.IndexWritten);
        var index = await BlobTestContent.IndexAsync(container);
        Assert.Equal("Patient, family or caregiver", index.Audiences.Audiences.Single(a => a.Id == "patient").Label);
    }

    [Fact]
    public async Task PlanningChangesNothingInTheStore()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();

        var plan = await new Publisher(container).PlanAsync(folder.Path, CancellationToken.None);

        Assert.Equal(ContentFolder.Load(folder.Path).Versions.Count, plan.New.Count);
        Assert.True(plan.IndexChanges);
        Assert.Empty(await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task ProgressIsReportedOncePerUploadedBlobWithARunningCount()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var progress = Substitute.For<IProgress<PublishProgress>>();

        var result = await new Publisher(container).PublishAsync(folder.Path, progress, CancellationToken.None);

        var reports = progress.ReceivedCalls().Select(call => (PublishProgress)call.GetArguments()[0]!).ToList();

        Assert.Equal(Enumerable.Range(1, result.Uploaded), reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(result.Uploaded, r.Total));
        Assert.Equal(result.Plan.New.Select(v => v.BlobName).Order(StringComparer.Ordinal), reports.Select(r => r.BlobName).Order(StringComparer.Ordinal));
    }

    private static async Task<Dictionary<string, string>> ETagsAsync(BlobContainerClient container)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync())
        {
            tags[blob.Name] = blob.Properties.ETag!.Value.ToString();
        }

        return tags;
    }
}
