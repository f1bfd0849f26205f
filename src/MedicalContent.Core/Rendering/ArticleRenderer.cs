using MedicalContent.Model;
using MedicalContent.Routing;

namespace MedicalContent.Rendering;

/// <summary>
/// The audience filter: turns an authored article version into what one audience reads. Pure: the same inputs
/// always give the same representation, and the inputs are only what was published for the version (its document
/// and the syndication terms its index entry records) — never configuration or the mutable audience labels.
/// </summary>
public static class ArticleRenderer
{
    public static string KindLabel(SourceKind kind) => kind switch
    {
        SourceKind.Guideline => "From the Guidelines",
        SourceKind.DrugLabel => "From the FDA Drug Label",
        SourceKind.Research => "From the Research",
        _ => "Overview",
    };

    /// <summary>
    /// Keeps exactly the sections and blocks meant for <paramref name="audience"/>, in its text variant, and the
    /// references its text still cites, numbered in order of first citation in reading order (summary, then sections
    /// and their blocks, then the disclaimer).
    /// </summary>
    /// <param name="syndication">The terms the version was published under; no attribution when it has none.</param>
    /// <param name="datePublished">
    /// The article's first publication, as recorded when the version was published; a fact of the history, so it does
    /// not change the version's bytes once recorded.
    /// </param>
    public static ArticleRepresentation Render(ArticleDocument article, string audience, SyndicationTerms? syndication, DateOnly? datePublished = null)
    {
        var citations = new CitationNumbering(article.References);

        var summary = article.Summary?.For(audience) is { } summaryText ? citations.Render(summaryText) : null;
        var sections = new List<SectionRepresentation>();
        foreach (var section in article.Sections.Where(s => Audiences.Includes(s.Audiences, audience)))
        {
            var blocks = section.Blocks
                .Where(b => Audiences.Includes(b.Audiences, audience))
                .Select(b => BlockRenderer.Render(b, audience, citations))
                .OfType<BlockRepresentation>()
                .ToList();
            if (blocks.Count > 0)
            {
                sections.Add(new SectionRepresentation
                {
                    Id = section.Id,
                    Kind = section.Kind,
                    KindLabel = KindLabel(section.Kind),
                    Title = section.Title?.For(audience),
                    Label = section.Kind == SourceKind.DrugLabel ? section.Label : null,
                    Blocks = blocks,
                });
            }
        }

        var disclaimer = Audiences.Includes(article.Disclaimer.Audiences, audience) && article.Disclaimer.Text.For(audience) is { } disclaimerText
            ? new DisclaimerRepresentation(article.Disclaimer.Title?.For(audience), citations.Render(disclaimerText).Text)
            : null;
        var aids = ReadingAids.Measure(summary, sections);

        return new ArticleRepresentation
        {
            Slug = article.Slug,
            Version = article.Version,
            Audience = audience,
            IsDefaultAudience = audience == article.DefaultAudience,
            ReviewStatus = article.Review.Status,
            Title = article.Title.For(audience) ?? article.Title.For(article.DefaultAudience) ?? article.Slug,
            About = article.Subject,
            Summary = summary,
            Authors = article.Authors,
            DatePublished = datePublished,
            LastUpdated = article.LastUpdated,
            Review = new ReviewRepresentation
            {
                Status = article.Review.Status,
                PendingReview = article.Review.Status != ReviewStatus.Approved,
                ReviewedBy = article.Review.ReviewedBy,
                ReviewedOn = article.Review.ReviewedOn,
                NextReviewDue = article.Review.NextReviewDue,
            },
            WordCount = aids.WordCount,
            ReadingTimeMinutes = aids.ReadingTimeMinutes,
            ReadabilityGrade = aids.ReadabilityGrade,
            EditorialPolicyUrl = article.EditorialPolicyUrl,
            // Labels, prompt and hint are vocabulary (GET /audiences, short-lived): only ids and links are the version's.
            AudiencePicker = new AudiencePicker
            {
                Options = article.Audiences
                    .Select(id => new AudienceOption(id, id == audience, RouteTable.VersionUrl(article.Slug, article.Version, id)))
                    .ToList(),
            },
            Sections = sections,
            References = citations.CitedReferences(),
            Related = article.Related?.Select(slug => LinkTo(slug, audience)).ToList(),
            RelatedQuestions = RelatedQuestions(article.RelatedQuestions, audience),
            Disclaimer = disclaimer,
            Attribution = syndication is null ? null : AttributionFor(article.Slug, syndication),
            Links = new ArticleLinks(
                RouteTable.VersionUrl(article.Slug, article.Version, audience),
                RouteTable.LatestUrl(article.Slug, audience),
                RouteTable.VersionsUrl(article.Slug),
                RouteTable.VersionJsonLdUrl(article.Slug, article.Version, audience)),
        };
    }

    /// <summary>
    /// The latest article: the version's representation plus what only the latest article carries, because it
    /// changes without a new version — the review state today (<paramref name="state"/>, computed by the caller from
    /// the clock) and the current titles of related articles (<paramref name="titleFor"/>: a slug's title for the
    /// audience, null when unknown). A version URL never carries these, so its bytes never change with the clock or
    /// with other articles. Pure: the same inputs always give the same representation.
    /// </summary>
    public static ArticleRepresentation AsLatest(ArticleRepresentation version, ReviewState? state, Func<string, string?> titleFor)
    {
        RelatedArticle Titled(RelatedArticle related) => related with { Title = titleFor(related.Slug) };

        return version with
        {
            ReviewState = state,
            Related = version.Related?.Select(Titled).ToList(),
            RelatedQuestions = version.RelatedQuestions?
                .Select(q => q with { AnsweredBy = q.AnsweredBy is { } answer ? Titled(answer) : null })
                .ToList(),
        };
    }

    public static Attribution AttributionFor(string slug, SyndicationTerms syndication) => new(
        syndication.Publisher,
        syndication.PublisherUrl,
        syndication.License,
        syndication.LicenseUrl,
        syndication.CanonicalUrl(slug),
        $"Republished content must credit {syndication.Publisher}, link to the canonical URL, keep the disclaimer and follow the {syndication.License} licence.");

    /// <summary>A related article as a version carries it: slug and link, no title (titles change; see <see cref="AsLatest"/>).</summary>
    private static RelatedArticle LinkTo(string slug, string audience) => new()
    {
        Slug = slug,
        Href = RouteTable.LatestUrl(slug, audience),
    };

    /// <summary>The questions worded for the audience; a question without text for it is left out (null when none is left).</summary>
    private static List<RelatedQuestionRepresentation>? RelatedQuestions(IReadOnlyList<RelatedQuestion>? questions, string audience)
    {
        var worded = (questions ?? [])
            .Where(q => q.Question.For(audience) is not null)
            .Select(q => new RelatedQuestionRepresentation
            {
                Question = q.Question.For(audience)!,
                AnsweredBy = q.AnsweredBy is { } slug ? LinkTo(slug, audience) : null,
            })
            .ToList();
        return worded.Count == 0 ? null : worded;
    }
}
