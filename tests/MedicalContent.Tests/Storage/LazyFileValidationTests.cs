using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Storage;

/// <summary>
/// The file store starts without validating every version (decision 0012): each file is read once for the index, the
/// folder's cross-file checks run at once, and a version's own rules are checked on its first read, with the problems a
/// full load reports, never serving what fails them.
/// </summary>
public sealed class LazyFileValidationTests : IDisposable
{
    // Approved version 2 of metformin, reviewed before its last update: a rule only the validator knows, not the index.
    private const string ReviewedOn = "\"reviewedOn\": \"2025-10-13\"";
    private const string ReviewedTooEarly = "\"reviewedOn\": \"2025-10-01\"";

    private readonly TempContentFolder _folder = new();
    private readonly List<string> _reads = [];

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task LoadingTheIndexReadsEveryFileOnceAndNothingElse()
    {
        var store = CountingStore();

        await store.ReadIndexAsync(null, CancellationToken.None);

        var expected = Directory.GetFiles(_folder.Path, "*.json", SearchOption.AllDirectories).Select(Path.GetFullPath).Order(StringComparer.Ordinal);
        Assert.Equal(expected, _reads.Select(Path.GetFullPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheIndexReadForServingIsTheIndexOfAFullyValidatedFolder()
    {
        var validated = ContentFolder.Load(_folder.Path).ToIndex();
        var served = (await new FileContentStore(_folder.Path).ReadIndexAsync(null, CancellationToken.None))!.Index;

        Assert.Equal(Json(validated), Json(served));
    }

    [Fact]
    public async Task AVersionThatBreaksARuleIsIndexedButItsFirstReadThrowsTheProblemsOfAFullLoad()
    {
        BreakMetforminV2();
        var fullLoad = ContentFolder.Load(_folder.Path).Problems;
        Assert.NotEmpty(fullLoad);
        var store = CountingStore();

        var read = await store.ReadIndexAsync(null, CancellationToken.None);
        Assert.Contains(read!.Index.Articles.Single(a => a.Slug == "metformin").Versions, v => v.Number == 2);

        var onRead = await Assert.ThrowsAsync<InvalidContentException>(() => store.ReadVersionAsync("metformin", 2, CancellationToken.None));
        Assert.Equal(fullLoad, onRead.Problems);
        Assert.Equal(fullLoad, store.ProblemsFoundOnRead);

        // Every later read fails the same way, and so does every re-check of the index, as an invalid folder does.
        Assert.Equal(fullLoad, (await Assert.ThrowsAsync<InvalidContentException>(() => store.ReadVersionAsync("metformin", 2, CancellationToken.None))).Problems);
        Assert.Equal(fullLoad, (await Assert.ThrowsAsync<InvalidContentException>(() => store.ReadIndexAsync(read.ETag, CancellationToken.None))).Problems);
    }

    [Fact]
    public async Task AFixedVersionIsServedAgainAfterTheNextIndexRead()
    {
        BreakMetforminV2();
        var store = new FileContentStore(_folder.Path);
        await store.ReadIndexAsync(null, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidContentException>(() => store.ReadVersionAsync("metformin", 2, CancellationToken.None));

        _folder.Write("articles/metformin/v2.json", _folder.Read("articles/metformin/v2.json").Replace(ReviewedTooEarly, ReviewedOn, StringComparison.Ordinal));

        Assert.NotNull(await store.ReadIndexAsync(null, CancellationToken.None));
        Assert.NotEmpty(await store.ReadVersionAsync("metformin", 2, CancellationToken.None));
        Assert.Empty(store.ProblemsFoundOnRead);
    }

    [Fact]
    public async Task AVersionTheIndexCannotBeReadFromFailsTheLoadWithTheProblemsOfAFullLoad()
    {
        _folder.Write("articles/metformin/v1.json", "{ broken");

        var problems = (await Assert.ThrowsAsync<InvalidContentException>(() => new FileContentStore(_folder.Path).ReadIndexAsync(null, CancellationToken.None))).Problems;

        Assert.Equal(ContentFolder.Load(_folder.Path).Problems, problems);
    }

    [Fact]
    public async Task TheCrossFileChecksStillFailTheLoad()
    {
        Directory.Delete(_folder.File("articles/metabolic-syndrome"), recursive: true);

        var problems = (await Assert.ThrowsAsync<InvalidContentException>(() => new FileContentStore(_folder.Path).ReadIndexAsync(null, CancellationToken.None))).Problems;

        Assert.Equal(ContentFolder.Load(_folder.Path).Problems, problems);
        Assert.Contains(problems, p => p.Message.Contains("'metabolic-syndrome' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInvalidVersionIsNeverServedAndHealthReportsIt()
    {
        BreakMetforminV2();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var service = new ContentService(
            new FileContentStore(_folder.Path), new ContentCacheOptions { RefreshIntervalSeconds = 5, StaleWindowSeconds = 60 }, clock,
            NullLogger<ContentService>.Instance);
        Assert.Null(await service.InitializeAsync(CancellationToken.None));

        Assert.IsType<Unavailable>(await service.GetVersionAsync("metformin", "2", "patient", CancellationToken.None));
        Assert.IsType<Unavailable>(await service.GetVersionAsync("metformin", "2", "patient", CancellationToken.None));
        Assert.IsType<Unavailable>(await service.GetLatestAsync("metformin", "patient", CancellationToken.None));
        Assert.IsType<Found>(await service.GetVersionAsync("metformin", "1", "patient", CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(6));
        var health = await service.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(HealthReport.Degraded, health.Status);
        Assert.Contains("articles/metformin/v2.json", health.Error, StringComparison.Ordinal);
        Assert.Contains("before the last update", health.Error, StringComparison.Ordinal);
        Assert.IsType<Unavailable>(await service.GetVersionAsync("metformin", "2", "patient", CancellationToken.None));
    }

    private FileContentStore CountingStore() => new(_folder.Path, null, path =>
    {
        lock (_reads)
        {
            _reads.Add(path);
        }

        return File.ReadAllBytes(path);
    });

    private void BreakMetforminV2()
    {
        var text = _folder.Read("articles/metformin/v2.json");
        Assert.Contains(ReviewedOn, text, StringComparison.Ordinal);
        _folder.Write("articles/metformin/v2.json", text.Replace(ReviewedOn, ReviewedTooEarly, StringComparison.Ordinal));
    }

    private static string Json(MedicalContent.Model.ContentIndex index) => JsonSerializer.Serialize(index, CoreJsonContext.Default.ContentIndex);
}
