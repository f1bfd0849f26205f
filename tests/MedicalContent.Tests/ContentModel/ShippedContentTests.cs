using MedicalContent.Model;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.ContentModel;

/// <summary>
/// The sample content in content-json/ is what partners and frontends first see: it must show the clinical model at
/// work, and every source it cites must be one a reader can follow (the identifiers are recorded, with how each was
/// checked, in docs/editorial/reference-checks.md).
/// </summary>
public class ShippedContentTests
{
    private static readonly IReadOnlyList<ArticleDocument> Versions =
        ContentFolder.Load(RepoPaths.ContentJson).Versions.Select(v => v.Document).ToList();

    private static IEnumerable<ArticleDocument> Latest => Versions
        .Where(d => d.Review.Status == ReviewStatus.Approved)
        .GroupBy(d => d.Slug)
        .Select(g => g.MaxBy(d => d.Version)!);

    [Fact]
    public void EveryReferenceCanBeFollowedByDoiPmidOrUrl()
    {
        var references = Versions.SelectMany(d => d.References.Select(r => (d.Slug, d.Version, Reference: r))).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(
            r.Reference.Doi is not null || r.Reference.Pmid is not null || r.Reference.Url is not null,
            $"{r.Slug} v{r.Version}: reference '{r.Reference.Id}' has no DOI, PMID or URL"));
        Assert.All(references, r => Assert.Null(r.Reference.Identifier));
    }

    [Fact]
    public void NoReferenceCitesTheUnpublishedInHouseOverview()
    {
        Assert.DoesNotContain(Versions.SelectMany(d => d.References), r =>
            r.Id == "guideline-overview-2025" || r.Title.Contains("Topic Overview", StringComparison.OrdinalIgnoreCase)
            || r.Source.Contains("Medical Advisory Board", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void OneWorkHasOneReferenceIdAcrossArticles()
    {
        var byWork = Versions.SelectMany(d => d.References)
            .SelectMany(r => new[] { r.Doi?.ToLowerInvariant(), r.Pmid, r.Pmcid }.OfType<string>().Select(key => (Key: key, r.Id)))
            .GroupBy(w => w.Key)
            .Where(g => g.Select(w => w.Id).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(w => w.Id).Distinct())}");

        Assert.Empty(byWork);
    }

    [Fact]
    public void EveryLatestArticleIsCodedDatedAndAuthored()
    {
        Assert.All(Latest, d =>
        {
            Assert.NotNull(d.About);
            Assert.Null(d.Condition);
            Assert.NotEmpty(d.About!.Codes);
            Assert.NotNull(d.Review.NextReviewDue);
            Assert.NotEmpty(d.Authors ?? []);
        });
        Assert.Contains(Latest, d => d.About!.Kind == SubjectKind.Drug);
    }

    [Fact]
    public void ADrugArticleShowsItsLabelAQuoteAndABoxedWarningAndOneArticleHasATable()
    {
        var blocks = Latest.SelectMany(d => d.Sections.Select(s => (Article: d, Section: s))).ToList();

        var drugLabel = Assert.Single(blocks, b => b.Article.About!.Kind == SubjectKind.Drug && b.Section.Kind == SourceKind.DrugLabel).Section;
        Assert.NotNull(drugLabel.Label?.SplSetId);
        Assert.NotNull(drugLabel.Label?.Rxcui);
        Assert.Contains(drugLabel.Blocks, b => b.Type == BlockType.Quote && b.Reference is not null);
        Assert.Contains(drugLabel.Blocks, b => b.Type == BlockType.Warning && b.Severity == WarningSeverity.Boxed);
        Assert.Contains(blocks.SelectMany(b => b.Section.Blocks), b => b.Type == BlockType.Warning && b.Severity == WarningSeverity.RedFlag);
        Assert.Contains(blocks.SelectMany(b => b.Section.Blocks), b => b.Type == BlockType.Table);
    }

    [Fact]
    public void RelatedArticlesLinkBothWays()
    {
        var related = Latest.ToDictionary(d => d.Slug, d => d.Related ?? []);

        Assert.NotEmpty(related.Values.SelectMany(r => r));
        foreach (var (slug, links) in related)
        {
            Assert.All(links, other => Assert.True(
                related.TryGetValue(other, out var back) && back.Contains(slug),
                $"{slug} links to {other}, which does not link back"));
        }
    }
}
