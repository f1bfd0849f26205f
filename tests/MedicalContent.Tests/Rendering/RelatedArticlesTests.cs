using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Rendering;

/// <summary>Related articles and questions, and what only the latest article adds to a version's representation.</summary>
public class RelatedArticlesTests
{
    private static readonly Dictionary<string, string> Titles = new() { ["prediabetes"] = "Prediabetes explained", ["metformin"] = "Metformin" };

    private static JsonObject Article()
    {
        var article = Documents.Article();
        article["related"] = new JsonArray("prediabetes", "metabolic-syndrome");
        article["relatedQuestions"] = new JsonArray(
            new JsonObject { ["question"] = "Is it reversible?", ["answeredBy"] = "prediabetes" },
            new JsonObject { ["question"] = Documents.Variants("Will I need pills?", "When is metformin indicated?"), ["answeredBy"] = "metformin" },
            new JsonObject { ["question"] = new JsonObject { ["clinician"] = "Which assay is preferred?" } });
        return article;
    }

    private static ArticleRepresentation Render(string audience) => ArticleRenderer.Render(Documents.Parse(Article()), audience, syndication: null);

    [Fact]
    public void LinksRelatedArticlesForTheSameAudienceWithoutTitles()
    {
        var clinician = Render("clinician");

        Assert.Equal(
            [("prediabetes", "/api/v1/articles/prediabetes?audience=clinician", null), ("metabolic-syndrome", "/api/v1/articles/metabolic-syndrome?audience=clinician", null)],
            clinician.Related!.Select(r => (r.Slug, r.Href, r.Title)));
    }

    [Fact]
    public void WordsQuestionsForTheAudienceAndLeavesOutThoseWithoutText()
    {
        var patient = Render("patient");
        var clinician = Render("clinician");

        Assert.Equal(["Is it reversible?", "Will I need pills?"], patient.RelatedQuestions!.Select(q => q.Question));
        Assert.Equal(["Is it reversible?", "When is metformin indicated?", "Which assay is preferred?"], clinician.RelatedQuestions!.Select(q => q.Question));
        Assert.Equal(("metformin", "/api/v1/articles/metformin?audience=patient", (string?)null), (patient.RelatedQuestions![1].AnsweredBy!.Slug, patient.RelatedQuestions[1].AnsweredBy!.Href, patient.RelatedQuestions[1].AnsweredBy!.Title));
        Assert.Null(clinician.RelatedQuestions![2].AnsweredBy);
    }

    [Fact]
    public void OmitsRelatedAndQuestionsWhenThereAreNone()
    {
        var article = Documents.Article();
        article["relatedQuestions"] = new JsonArray(new JsonObject { ["question"] = new JsonObject { ["clinician"] = "Clinicians only?" } });

        var patient = ArticleRenderer.Render(Documents.Parse(article), "patient", syndication: null);

        var json = JsonSerializer.SerializeToNode(patient, CoreJsonContext.Default.ArticleRepresentation)!.AsObject();
        Assert.False(json.ContainsKey("related"));
        Assert.False(json.ContainsKey("relatedQuestions"));
    }

    [Fact]
    public void AVersionCarriesNoReviewState()
    {
        var article = Documents.Article();
        article["review"]!["nextReviewDue"] = "2026-01-02";

        var version = ArticleRenderer.Render(Documents.Parse(article), "patient", syndication: null);

        Assert.Equal(new DateOnly(2026, 1, 2), version.Review.NextReviewDue);
        Assert.Null(version.ReviewState);
        Assert.False(JsonSerializer.SerializeToNode(version, CoreJsonContext.Default.ArticleRepresentation)!.AsObject().ContainsKey("reviewState"));
    }

    [Fact]
    public void TheLatestArticleAddsTheReviewStateAndRelatedTitles()
    {
        var version = Render("patient");

        var latest = ArticleRenderer.AsLatest(version, ReviewState.DueSoon, slug => Titles.GetValueOrDefault(slug));

        Assert.Equal(ReviewState.DueSoon, latest.ReviewState);
        Assert.Equal([("prediabetes", "Prediabetes explained"), ("metabolic-syndrome", null)], latest.Related!.Select(r => (r.Slug, r.Title)));
        Assert.Equal(["Prediabetes explained", "Metformin"], latest.RelatedQuestions!.Select(q => q.AnsweredBy!.Title));
        Assert.Equal(version.Related!.Select(r => r.Href), latest.Related!.Select(r => r.Href));
        Assert.Equal("due-soon", JsonSerializer.SerializeToNode(latest, CoreJsonContext.Default.ArticleRepresentation)!["reviewState"]!.GetValue<string>());
    }

    [Fact]
    public void TheLatestArticleLeavesTheVersionAndEverythingElseUnchanged()
    {
        var version = Render("clinician");
        var versionBytes = JsonSerializer.SerializeToUtf8Bytes(version, CoreJsonContext.Default.ArticleRepresentation);

        var latest = ArticleRenderer.AsLatest(version, ReviewState.Overdue, slug => Titles.GetValueOrDefault(slug));

        Assert.Equal(versionBytes, JsonSerializer.SerializeToUtf8Bytes(version, CoreJsonContext.Default.ArticleRepresentation));
        var unchanged = latest with { ReviewState = null, Related = version.Related, RelatedQuestions = version.RelatedQuestions };
        Assert.Equal(versionBytes, JsonSerializer.SerializeToUtf8Bytes(unchanged, CoreJsonContext.Default.ArticleRepresentation));
        Assert.Null(latest.RelatedQuestions![2].AnsweredBy);
    }

    [Fact]
    public void TheLatestArticleWithoutADueDateHasNoState()
    {
        var latest = ArticleRenderer.AsLatest(Render("patient"), state: null, _ => null);

        Assert.Null(latest.ReviewState);
        Assert.All(latest.Related!, r => Assert.Null(r.Title));
    }
}
