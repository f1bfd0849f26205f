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
    /// references its text still cites, numbered in order of first citation.
    /// </summary>
    /// <param name="syndication">The terms the version was published under; no attribution when it has none.</param>
    public static ArticleRepresentation Render(ArticleDocument article, string audience, SyndicationTerms? syndication)
    {
        var citations = new CitationNumbering(article.References);

        var summary = article.Summary?.For(audience) is { } summaryText ? citations.Render(summaryText) : null;
        var sections = new List<SectionRepresentation>();
        foreach (var section in article.Sections.Where(s => Audiences.Includes(s.Audiences, audience)))
        {
            var blocks = section.Blocks
                .Where(b => Audiences.Includes(b.Audiences, audience))
                .Select(b => RenderBlock(b, audience, citations))
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
                    Blocks = blocks,
                });
            }
        }

        var disclaimer = Audiences.Includes(article.Disclaimer.Audiences, audience) && article.Disclaimer.Text.For(audience) is { } disclaimerText
            ? new DisclaimerRepresentation(article.Disclaimer.Title?.For(audience), citations.Render(disclaimerText).Text)
            : null;

        return new ArticleRepresentation
        {
            Slug = article.Slug,
            Version = article.Version,
            Audience = audience,
            IsDefaultAudience = audience == article.DefaultAudience,
            ReviewStatus = article.Review.Status,
            Title = article.Title.For(audience) ?? article.Title.For(article.DefaultAudience) ?? article.Slug,
            About = article.Subject,
            WordCount = 0,
            ReadingTimeMinutes = 0,
            ReadabilityGrade = 0,
            Summary = summary,
            LastUpdated = article.LastUpdated,
            Review = new ReviewRepresentation
            {
                Status = article.Review.Status,
                PendingReview = article.Review.Status != ReviewStatus.Approved,
                ReviewedBy = article.Review.ReviewedBy,
                ReviewedOn = article.Review.ReviewedOn,
                NextReviewDue = article.Review.NextReviewDue,
            },
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
            Disclaimer = disclaimer,
            Attribution = syndication is null ? null : AttributionFor(article.Slug, syndication),
            Links = new ArticleLinks(
                RouteTable.VersionUrl(article.Slug, article.Version, audience),
                RouteTable.LatestUrl(article.Slug, audience),
                RouteTable.VersionsUrl(article.Slug),
                RouteTable.VersionJsonLdUrl(article.Slug, article.Version, audience)),
        };
    }

    public static Attribution AttributionFor(string slug, SyndicationTerms syndication) => new(
        syndication.Publisher,
        syndication.PublisherUrl,
        syndication.License,
        syndication.LicenseUrl,
        syndication.CanonicalUrl(slug),
        $"Republished content must credit {syndication.Publisher}, link to the canonical URL, keep the disclaimer and follow the {syndication.License} licence.");

    private static BlockRepresentation? RenderBlock(Block block, string audience, CitationNumbering citations)
    {
        if (block.Type == BlockType.List)
        {
            var items = (block.Items ?? [])
                .Select(item => item.For(audience))
                .OfType<string>()
                .Select(citations.Render)
                .ToList();
            return items.Count == 0 ? null : new BlockRepresentation { Id = block.Id, Type = block.Type, Items = items };
        }

        if (block.Text?.For(audience) is not { } text)
        {
            return null;
        }

        var rendered = citations.Render(text);
        return new BlockRepresentation { Id = block.Id, Type = block.Type, Text = rendered.Text, Citations = rendered.Citations };
    }

    /// <summary>Numbers references in order of first citation; only cited references reach the list.</summary>
    private sealed class CitationNumbering(IReadOnlyList<Reference> references)
    {
        private readonly Dictionary<string, Reference> _byId = references.ToDictionary(r => r.Id, StringComparer.Ordinal);
        private readonly List<Reference> _cited = [];

        public TextRepresentation Render(string text)
        {
            var (rendered, marks) = Citations.Render(text, NumberFor);
            return new TextRepresentation(rendered, marks.Count == 0 ? null : marks);
        }

        public List<ReferenceRepresentation> CitedReferences() => _cited
            .Select((r, i) => new ReferenceRepresentation
            {
                Number = i + 1,
                Id = r.Id,
                Kind = r.Kind,
                Title = r.Title,
                Source = r.Source,
                Year = r.Year,
                Url = r.Url,
                Identifier = r.Identifier,
            })
            .ToList();

        private int? NumberFor(string referenceId)
        {
            if (!_byId.TryGetValue(referenceId, out var reference))
            {
                return null;
            }

            var index = _cited.IndexOf(reference);
            if (index < 0)
            {
                _cited.Add(reference);
                index = _cited.Count - 1;
            }

            return index + 1;
        }
    }
}
