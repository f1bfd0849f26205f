using MedicalContent.Model;
using MedicalContent.Routing;

namespace MedicalContent.Rendering;

/// <summary>
/// INTEGRATION: stand-ins for <c>ArticleRenderer.Render(article, audience, syndication, datePublished)</c> and
/// <c>ArticleRenderer.AsLatest(version, state, titleFor)</c> until those land in ArticleRenderer.cs. Once they do, delete
/// this file and call ArticleRenderer instead at the two call sites (ArticleRenditions.Render, ContentService.LatestJson).
/// </summary>
internal static class LatestShim
{
    /// <summary>
    /// The version as <paramref name="audience"/> reads it, with the article's first publication date and its related
    /// articles and questions (links only: titles are the latest article's).
    /// </summary>
    public static ArticleRepresentation Render(ArticleDocument article, string audience, SyndicationTerms? syndication, DateOnly? datePublished) =>
        ArticleRenderer.Render(article, audience, syndication) with
        {
            DatePublished = datePublished,
            Related = article.Related?.Select(slug => Link(slug, audience)).ToList(),
            RelatedQuestions = article.RelatedQuestions?
                .Where(q => q.Question.For(audience) is not null)
                .Select(q => new RelatedQuestionRepresentation
                {
                    Question = q.Question.For(audience)!,
                    AnsweredBy = q.AnsweredBy is { } slug ? Link(slug, audience) : null,
                })
                .ToList(),
        };

    /// <summary>
    /// The latest article: the version's representation with today's review state and the related articles' current
    /// titles (<paramref name="titleFor"/> maps a slug to its latest title for the audience, null when it has none).
    /// </summary>
    public static ArticleRepresentation AsLatest(ArticleRepresentation version, ReviewState? state, Func<string, string?> titleFor) => version with
    {
        ReviewState = state,
        Related = version.Related?.Select(r => r with { Title = titleFor(r.Slug) }).ToList(),
        RelatedQuestions = version.RelatedQuestions?
            .Select(q => q.AnsweredBy is { } answer ? q with { AnsweredBy = answer with { Title = titleFor(answer.Slug) } } : q)
            .ToList(),
    };

    private static RelatedArticle Link(string slug, string audience) => new() { Slug = slug, Href = RouteTable.LatestUrl(slug, audience) };
}
