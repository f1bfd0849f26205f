using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Tests.Support;
using MedicalContent.Validation;

namespace MedicalContent.Tests.Rendering;

public class ArticleRendererTests
{
    private static readonly SyndicationTerms Terms =
        ArticleValidator.ValidateSyndication("syndication.json", File.ReadAllBytes(Path.Combine(RepoPaths.ContentJson, "syndication.json"))).Terms!;

    private static ArticleRepresentation Render(JsonObject article, string audience, SyndicationTerms? terms = null) =>
        ArticleRenderer.Render(JsonSerializer.Deserialize(article.ToJsonString(), CoreJsonContext.Default.ArticleDocument)!, audience, terms ?? Terms);

    private static IEnumerable<string> AllText(ArticleRepresentation article) => article.Sections
        .SelectMany(s => s.Blocks)
        .SelectMany(b => b.Items?.Select(i => i.Text) ?? [b.Text!]);

    [Fact]
    public void PicksTheAudiencesVariant()
    {
        var article = Documents.Article();

        Assert.Equal("Plain title", Render(article, "patient").Title);
        Assert.Equal("Clinical title", Render(article, "clinician").Title);
        Assert.Contains("Simple words [1].", AllText(Render(article, "patient")));
        Assert.Contains("Clinical words [1, 2].", AllText(Render(article, "clinician")));
    }

    [Fact]
    public void KeepsOnlyTheBlocksMeantForTheAudience()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Add(new JsonObject { ["id"] = "dosing", ["type"] = "paragraph", ["audiences"] = new JsonArray("clinician"), ["text"] = "Dosing detail." });

        Assert.DoesNotContain(Render(article, "patient").Sections[0].Blocks, b => b.Id == "dosing");
        Assert.Contains(Render(article, "clinician").Sections[0].Blocks, b => b.Id == "dosing");
    }

    [Fact]
    public void DropsASectionWhoseBlocksAreAllForOtherAudiences()
    {
        var article = Documents.Article();
        Documents.Section(article)["audiences"] = new JsonArray("clinician");

        var patient = Render(article, "patient");

        Assert.Empty(patient.Sections);
        Assert.Single(Render(article, "clinician").Sections);
    }

    [Fact]
    public void OmitsTextThatHasNoVariantForTheAudience()
    {
        var article = Documents.Article();

        var patientList = Render(article, "patient").Sections[0].Blocks.Single(b => b.Id == "points");
        var clinicianList = Render(article, "clinician").Sections[0].Blocks.Single(b => b.Id == "points");

        Assert.Equal(["Shared point"], patientList.Items!.Select(i => i.Text));
        Assert.Equal(["Shared point", "Clinician-only point [2]"], clinicianList.Items!.Select(i => i.Text));
    }

    [Fact]
    public void DropsABlockWhoseOnlyTextIsForAnotherAudience()
    {
        var article = Documents.Article();
        Documents.Blocks(article).Add(new JsonObject { ["id"] = "extra", ["type"] = "paragraph", ["text"] = new JsonObject { ["clinician"] = "Only clinicians." } });

        Assert.DoesNotContain(Render(article, "patient").Sections[0].Blocks, b => b.Id == "extra");
    }

    [Fact]
    public void FallsBackToTheDefaultVariant()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["text"] = new JsonObject { ["default"] = "Everyone [[ref-a]].", ["clinician"] = "Clinicians [[ref-b]]." };

        Assert.Equal("Everyone [1].", Render(article, "patient").Sections[0].Blocks[0].Text);
    }

    [Fact]
    public void KeepsOnlyCitedReferencesNumberedInOrderOfFirstCitation()
    {
        var article = Documents.Article();

        var patient = Render(article, "patient");
        var clinician = Render(article, "clinician");

        Assert.Equal(["ref-a"], patient.References.Select(r => r.Id));
        Assert.Equal([(1, "ref-a"), (2, "ref-b")], clinician.References.Select(r => (r.Number, r.Id)));
    }

    [Fact]
    public void RenumbersReferencesSoNumbersNeverSkip()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["text"] = new JsonObject { ["patient"] = "Only b here [[ref-b]].", ["clinician"] = "Both [[ref-a]][[ref-b]]." };

        var patient = Render(article, "patient");

        var reference = Assert.Single(patient.References);
        Assert.Equal((1, "ref-b"), (reference.Number, reference.Id));
        Assert.Equal("Only b here [1].", patient.Sections[0].Blocks[0].Text);
        var mark = Assert.Single(patient.Sections[0].Blocks[0].Citations!);
        Assert.Equal([1], mark.Numbers);
        Assert.Equal("[1]", patient.Sections[0].Blocks[0].Text![mark.Offset..(mark.Offset + mark.Length)]);
    }

    [Fact]
    public void HasAnEmptyReferenceListWhenEveryCitationIsFilteredAway()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["text"] = new JsonObject { ["patient"] = "No citations for you.", ["clinician"] = "Cited [[ref-a]][[ref-b]]." };

        var patient = Render(article, "patient");

        Assert.Empty(patient.References);
        Assert.All(patient.Sections.SelectMany(s => s.Blocks), b => Assert.Null(b.Citations));
    }

    [Fact]
    public void NeverLeavesADanglingCitation()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["text"] = "Known [[ref-a]] and unknown [[ref-zzz]] sources.";

        var rendered = Render(article, "patient");

        Assert.Equal("Known [1] and unknown sources.", rendered.Sections[0].Blocks[0].Text);
        Assert.All(rendered.Sections.SelectMany(s => s.Blocks).SelectMany(b => b.Citations ?? []).SelectMany(m => m.Numbers), n => Assert.InRange(n, 1, rendered.References.Count));
    }

    [Fact]
    public void StatesSlugVersionAudienceAndReviewStatus()
    {
        var rendered = Render(Documents.Article("sample", 3), "clinician");

        Assert.Equal(("sample", 3, "clinician", ReviewStatus.Approved, false), (rendered.Slug, rendered.Version, rendered.Audience, rendered.ReviewStatus, rendered.IsDefaultAudience));
        Assert.Equal("/api/v1/articles/sample/versions/3?audience=clinician", rendered.Links.Self);
        Assert.Equal(["patient", "clinician"], rendered.AudiencePicker.Options.Select(o => o.Id));
        Assert.True(rendered.AudiencePicker.Options.Single(o => o.Id == "clinician").Selected);
    }

    [Fact]
    public void AudiencePickerOffersIdsAndLinksButNoVocabularyWording()
    {
        var rendered = Render(Documents.Article("sample", 3), "patient");

        var picker = JsonSerializer.SerializeToNode(rendered, CoreJsonContext.Default.ArticleRepresentation)!["audiencePicker"]!.AsObject();
        Assert.Equal(["options"], picker.Select(p => p.Key));
        Assert.All(picker["options"]!.AsArray(), o => Assert.Equal(["id", "selected", "href"], o!.AsObject().Select(p => p.Key)));
        Assert.Equal("/api/v1/articles/sample/versions/3?audience=clinician", rendered.AudiencePicker.Options.Single(o => o.Id == "clinician").Href);
    }

    [Fact]
    public void AttributionComesFromTheTermsTheVersionWasPublishedUnder()
    {
        var terms = Terms with { Publisher = "Partner Health", CanonicalBaseUrl = "https://health.partner.example/library/" };

        var rendered = Render(Documents.Article("sample", 3), "patient", terms);

        Assert.Equal("Partner Health", rendered.Attribution!.Publisher);
        Assert.Equal("https://health.partner.example/library/sample", rendered.Attribution.CanonicalUrl);
        Assert.Equal("https://health.partner.example/library/sample", JsonLdRenderer.Render(rendered).Url);
    }

    [Fact]
    public void OmitsAttributionForAVersionPublishedWithoutTerms()
    {
        var rendered = ArticleRenderer.Render(
            JsonSerializer.Deserialize(Documents.Article("sample", 3).ToJsonString(), CoreJsonContext.Default.ArticleDocument)!, "patient", syndication: null);

        Assert.Null(rendered.Attribution);
        Assert.Null(JsonSerializer.SerializeToNode(rendered, CoreJsonContext.Default.ArticleRepresentation)!["attribution"]);
        var page = JsonLdRenderer.Render(rendered);
        Assert.Null(page.Publisher);
        Assert.Equal(rendered.Links.Self, page.Url);
    }

    [Fact]
    public void FlagsPendingReviewUntilApproved()
    {
        var article = Documents.Article();
        article["review"] = new JsonObject { ["status"] = "under-review" };

        var rendered = Render(article, "patient");

        Assert.True(rendered.Review.PendingReview);
        Assert.Equal(ReviewStatus.UnderReview, rendered.ReviewStatus);
    }

    [Fact]
    public void RendersTheShippedArticleDifferentlyForEachAudience()
    {
        var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(RepoPaths.ContentJson, "articles/insulin-resistance/v2.json")), CoreJsonContext.Default.ArticleDocument)!;

        var patient = ArticleRenderer.Render(document, "patient", Terms);
        var clinician = ArticleRenderer.Render(document, "clinician", Terms);

        Assert.NotEqual(patient.Summary, clinician.Summary);
        Assert.True(clinician.References.Count > patient.References.Count);
        Assert.Contains(clinician.Sections, s => s.Kind == SourceKind.DrugLabel);
        Assert.DoesNotContain(patient.Sections, s => s.Kind == SourceKind.DrugLabel);
        foreach (var rendered in new[] { patient, clinician })
        {
            // Every body text (list items, warnings, table cells included) and every quote's source.
            var cited = RenderedTexts.Of(rendered).SelectMany(t => t.Citations ?? []).SelectMany(m => m.Numbers)
                .Concat(rendered.Sections.SelectMany(s => s.Blocks).Select(b => b.Reference).OfType<int>())
                .Distinct().Order();
            Assert.Equal(Enumerable.Range(1, rendered.References.Count), cited);
            MarkAssert.MatchEveryText(rendered);
        }
    }
}
