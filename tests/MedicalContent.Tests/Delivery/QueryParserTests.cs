using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Delivery;

public sealed class QueryParserTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("1e2")]
    [InlineData("2147483648")]
    public async Task AnIndexLimitOutsideOneToAHundredIsInvalid(string limit)
    {
        var invalid = QueryParser.ParseIndexPage("patient", limit, null, await SnapshotAsync(), out _);

        Assert.Equal("limit", invalid?.Parameter);
        Assert.Contains("from 1 to 100", invalid!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIndexPageDefaultsToTheVocabularysAudienceAndTwentyArticles()
    {
        Assert.Null(QueryParser.ParseIndexPage(null, null, null, await SnapshotAsync(), out var page));

        Assert.Equal(new QueryParser.IndexPage("patient", QueryParser.DefaultPageSize, null), page);
    }

    [Fact]
    public async Task AnUnknownAudienceIsInvalidAndTheValidOnesAreNamed()
    {
        var invalid = QueryParser.ParseIndexPage("robot", "0", null, await SnapshotAsync(), out _);

        Assert.Equal("audience", invalid?.Parameter);
        Assert.Equal(["patient", "clinician"], invalid!.Allowed!.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task AnIndexCursorMustNameAPublishedArticle()
    {
        var snapshot = await SnapshotAsync();

        Assert.Null(QueryParser.ParseIndexPage("patient", "5", PageCursor.Encode("metformin"), snapshot, out var page));
        Assert.Equal(new QueryParser.IndexPage("patient", 5, "metformin"), page);
        Assert.Equal("cursor", QueryParser.ParseIndexPage("patient", null, PageCursor.Encode("no-such-article"), snapshot, out _)?.Parameter);
        Assert.Equal("cursor", QueryParser.ParseIndexPage("patient", null, PageCursor.EncodeFeed(3), snapshot, out _)?.Parameter);
    }

    [Theory]
    [InlineData("Metformin", "1", "slug")]
    [InlineData("met--formin", "x", "slug")]
    [InlineData("metformin", "0", "version")]
    [InlineData("metformin", "01x", "version")]
    [InlineData("metformin", "", "version")]
    public void AVersionNeedsASlugAndAPositiveWholeNumber(string slug, string version, string parameter) =>
        Assert.Equal(parameter, QueryParser.ParseVersion(slug, version, out _)?.Parameter);

    [Fact]
    public void AVersionNumberIsRead()
    {
        Assert.Null(QueryParser.ParseVersion("metformin", "12", out var number));
        Assert.Equal(12, number);
    }

    [Fact]
    public void AFeedPageResumesWhereItsCursorSaysAndTheLimitIsCheckedFirst()
    {
        Assert.Null(QueryParser.ParseFeedPage(PageCursor.EncodeFeed(7), "500", out var position, out var pageSize));
        Assert.Equal((7, 500), (position, pageSize));
        Assert.Null(QueryParser.ParseFeedPage(null, null, out position, out pageSize));
        Assert.Equal((0, QueryParser.DefaultFeedPageSize), (position, pageSize));

        Assert.Equal("since", QueryParser.ParseFeedPage(PageCursor.Encode("metformin"), null, out _, out _)?.Parameter);
        Assert.Equal("limit", QueryParser.ParseFeedPage("not a cursor", "501", out _, out _)?.Parameter);
        Assert.Equal("since", QueryParser.CheckFeedPosition(8, 7)?.Parameter);
        Assert.Null(QueryParser.CheckFeedPosition(7, 7));
    }

    [Fact]
    public async Task AnAudienceTheArticleIsNotWrittenForIsNamedApartFromOneThatDoesNotExist()
    {
        var snapshot = await SnapshotAsync();
        var entry = snapshot.Latest("metformin")! with { Audiences = ["clinician"] };

        Assert.Null(QueryParser.CheckArticleAudience("metformin", entry, "clinician", snapshot.Index.Audiences));
        Assert.Equal("'metformin' is not written for audience 'patient'.", QueryParser.CheckArticleAudience("metformin", entry, "patient", snapshot.Index.Audiences)?.Detail);
        Assert.Equal("'robot' is not an audience.", QueryParser.CheckArticleAudience("metformin", entry, "robot", snapshot.Index.Audiences)?.Detail);
    }

    [Fact]
    public void EchoedValuesAreCutToSixtyFourCharacters()
    {
        Assert.Equal(new string('a', 64), QueryParser.Truncate(new string('a', 64)));
        Assert.Equal(new string('a', 61) + "...", QueryParser.Truncate(new string('a', 65)));
    }

    private static async Task<Snapshot> SnapshotAsync()
    {
        using var folder = new TempContentFolder();
        var read = await new FileContentStore(folder.Path).ReadIndexAsync(null, CancellationToken.None);
        return new Snapshot(read!.Index, read.ETag, 1, DateTimeOffset.UnixEpoch, [ReviewStatus.Approved]);
    }
}
