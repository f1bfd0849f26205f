using System.Globalization;
using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Serialization;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Delivery;

/// <summary>
/// What a snapshot derives for the mutable representations: each article's <c>datePublished</c> from the publish
/// history, and the review calendar of the published articles.
/// </summary>
public class SnapshotReviewTests
{
    private static readonly AudienceVocabulary Vocabulary = JsonSerializer.Deserialize(Documents.Vocabulary, CoreJsonContext.Default.AudienceVocabulary)!;

    [Fact]
    public void DatePublishedIsTheUtcDayOfTheEarliestRecordedPublish()
    {
        var snapshot = Of(
            Entry(1, "2026-01-20", publishedAt: "2026-02-03T23:30:00-05:00"),
            Entry(2, "2026-02-25", publishedAt: "2026-03-01T09:00:00Z"));

        Assert.Equal(new DateOnly(2026, 2, 4), snapshot.DatePublished("sample"));
    }

    [Fact]
    public void DatePublishedCountsEveryVersionWhateverItsStatusOrRetraction()
    {
        // Configuration decides which statuses are public; a version's bytes must not, so every version counts.
        var snapshot = Of(
            Entry(1, "2026-01-02", publishedAt: "2026-01-05T10:00:00Z", status: ReviewStatus.UnderReview),
            Entry(2, "2026-01-20", publishedAt: "2026-01-21T10:00:00Z") with
            {
                Retraction = new Retraction { Reason = "Wrong dose.", RetractedAt = At("2026-01-22T00:00:00Z") },
            },
            Entry(3, "2026-02-01", publishedAt: "2026-02-02T10:00:00Z"));

        Assert.Equal(new DateOnly(2026, 1, 5), snapshot.DatePublished("sample"));
    }

    [Fact]
    public void WithoutPublishTimesDatePublishedIsTheEarliestLastUpdated()
    {
        Assert.Equal(new DateOnly(2025, 12, 1), Of(Entry(1, "2025-12-01"), Entry(2, "2026-01-01")).DatePublished("sample"));

        // An index written before publish times were kept, then published to: the old version still came first.
        Assert.Equal(new DateOnly(2025, 12, 1), Of(Entry(1, "2025-12-01"), Entry(2, "2026-01-01", publishedAt: "2026-02-01T00:00:00Z")).DatePublished("sample"));
        Assert.Null(Of(Entry(1, "2025-12-01")).DatePublished("no-such-article"));
    }

    [Fact]
    public void TheReviewEpochCountsTheTransitionsPassedOverThePublishedLatestVersions()
    {
        // Due 2026-07-01 and 2026-07-01 again (another article) and 2026-09-10; a draft's and an older version's dates do not count.
        var snapshot = new Snapshot(
            new ContentIndex
            {
                Audiences = Vocabulary,
                Articles =
                [
                    Article("a", Entry(1, "2026-01-01", due: "2026-03-01"), Entry(2, "2026-02-01", due: "2026-07-01"), Entry(3, "2026-02-02", due: "2026-04-01", status: ReviewStatus.Submitted)),
                    Article("b", Entry(1, "2026-01-01", due: "2026-07-01")),
                    Article("c", Entry(1, "2026-01-01", due: "2026-09-10")),
                    Article("d", Entry(1, "2026-01-01")),
                ],
            },
            "etag",
            1,
            DateTimeOffset.UnixEpoch,
            [ReviewStatus.Approved],
            dueSoonDays: 30);
        var reviews = snapshot.Reviews;

        // Transitions: 06-01 ×2, 07-02 ×2, 08-11, 09-11.
        Assert.Equal(0, reviews.Epoch(new DateOnly(2026, 5, 31)));
        Assert.Null(reviews.LastPassed(new DateOnly(2026, 5, 31)));
        Assert.Equal(2, reviews.Epoch(new DateOnly(2026, 6, 1)));
        Assert.Equal(2, reviews.Epoch(new DateOnly(2026, 7, 1)));
        Assert.Equal(4, reviews.Epoch(new DateOnly(2026, 7, 2)));
        Assert.Equal(At("2026-07-02T00:00:00Z"), reviews.LastPassed(new DateOnly(2026, 8, 10)));
        Assert.Equal(5, reviews.Epoch(new DateOnly(2026, 8, 11)));
        Assert.Equal(6, reviews.Epoch(new DateOnly(2030, 1, 1)));
        Assert.Equal(At("2026-09-11T00:00:00Z"), reviews.LastPassed(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void AnArticlesLastTransitionIsTheLatestDayItsStateChangedOnOrBeforeToday()
    {
        var reviews = Of(Entry(1, "2026-01-01", due: "2026-07-01")).Reviews;
        var entry = Entry(1, "2026-01-01", due: "2026-07-01");

        Assert.Null(reviews.LastPassed(entry, new DateOnly(2026, 5, 31)));
        Assert.Equal(At("2026-06-01T00:00:00Z"), reviews.LastPassed(entry, new DateOnly(2026, 7, 1)));
        Assert.Equal(At("2026-07-02T00:00:00Z"), reviews.LastPassed(entry, new DateOnly(2026, 7, 2)));
        Assert.Null(reviews.LastPassed(Entry(1, "2026-01-01"), new DateOnly(2030, 1, 1)));
    }

    private static Snapshot Of(params VersionEntry[] versions) => new(
        new ContentIndex { Audiences = Vocabulary, Articles = [Article("sample", versions)] }, "etag", 1, DateTimeOffset.UnixEpoch, [ReviewStatus.Approved]);

    private static ArticleEntry Article(string slug, params VersionEntry[] versions) => new() { Slug = slug, Versions = versions };

    private static VersionEntry Entry(int number, string lastUpdated, string? publishedAt = null, string? due = null, ReviewStatus status = ReviewStatus.Approved) => new()
    {
        Number = number,
        ReviewStatus = status,
        LastUpdated = DateOnly.Parse(lastUpdated, CultureInfo.InvariantCulture),
        NextReviewDue = due is null ? null : DateOnly.Parse(due, CultureInfo.InvariantCulture),
        Title = LocalizedText.Of("A title"),
        DefaultAudience = "patient",
        Audiences = ["patient", "clinician"],
        Sha256 = new string('0', 64),
        PublishedAt = publishedAt is null ? null : DateTimeOffset.Parse(publishedAt, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
